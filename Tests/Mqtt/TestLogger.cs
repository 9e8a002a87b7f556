using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt;

/// <summary>Collects log entries for assertions and echoes them to the test output.</summary>
internal sealed class TestLogger<T> : ILogger<T>
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();
    private readonly ITestOutputHelper? _output;

    public TestLogger(ITestOutputHelper? output = null) => _output = output;

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }
        var entry = new LogEntry(logLevel, formatter(state, exception), exception);
        _entries.Enqueue(entry);
        try
        {
            _output?.WriteLine($"{DateTime.Now:HH:mm:ss.fff} {logLevel,-11} {entry.Message}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; its output is closed.
        }
    }

    public sealed record LogEntry(LogLevel Level, string Message, Exception? Exception);
}
