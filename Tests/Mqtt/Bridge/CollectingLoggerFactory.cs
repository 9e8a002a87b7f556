using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Mqtt.Bridge;

/// <summary>A logger factory that keeps every formatted log line, for assertions on what operators would read.</summary>
internal sealed class CollectingLoggerFactory(LogLevel minimum = LogLevel.Information) : ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly LogLevel _minimum = minimum;

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collector(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Collector(CollectingLoggerFactory factory) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= factory._minimum;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                factory._lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
            }
        }
    }
}
