using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Rtsp.Support;

/// <summary>A logger factory that keeps every event of every category (message and exception text) and echoes it to the test output.</summary>
internal sealed class RecordingLoggerFactory(ITestOutputHelper? output = null) : ILoggerFactory
{
    public ITestOutputHelper? Output { get; } = output;

    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Every message and exception text, one per line: what a log sink would have stored.</summary>
    public string AllText => string.Join('\n', Entries.Select(e => $"{e.Category} {e.Level} {e.EventId}: {e.Message} {e.Exception}"));

    public IReadOnlyList<Entry> WithEventId(int eventId) => [.. Entries.Where(e => e.EventId == eventId)];

    public ILogger<T> CreateLogger<T>() => new Logger<T>(this);

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    public sealed record Entry(string Category, LogLevel Level, int EventId, string Message, string? Exception, DateTime At);

    private sealed class RecordingLogger(RecordingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new Entry(category, logLevel, eventId.Id, formatter(state, exception), exception?.ToString(), DateTime.Now);
            factory.Entries.Enqueue(entry);
            try
            {
                factory.Output?.WriteLine($"{entry.At:HH:mm:ss.fff} {logLevel,-11} {eventId.Id} {entry.Message}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }
    }
}
