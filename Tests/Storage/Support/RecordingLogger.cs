using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Storage.Support;

/// <summary>Keeps every log event, so tests can assert on retries and uploads.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    private readonly ITestOutputHelper? _output;

    public RecordingLogger(ITestOutputHelper? output = null) => _output = output;

    public ConcurrentQueue<(LogLevel Level, EventId EventId, string Message)> Events { get; } = new();

    public int Count(int eventId) => Events.Count(e => e.EventId.Id == eventId);

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var message = formatter(state, exception);
        Events.Enqueue((logLevel, eventId, message));
        try
        {
            _output?.WriteLine($"{logLevel} {eventId.Id}: {message}");
        }
        catch (InvalidOperationException)
        {
            // The test already finished; a late event has nowhere to go.
        }
    }
}
