using System.Collections.Concurrent;
using System.Diagnostics;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>Collects the spans of the named sources (a trailing <c>*</c> matches a prefix) that stop while it is alive.</summary>
internal sealed class RecordedSpans : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _stopped = new();

    public RecordedSpans(params string[] sources)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => sources.Any(name => name.EndsWith('*')
                ? source.Name.StartsWith(name[..^1], StringComparison.Ordinal)
                : source.Name == name),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Spans stop after the response is sent, so one may arrive a moment after the client is answered.</summary>
    public async Task<Activity> WaitForAsync(Func<Activity, bool> match) =>
        await WaitForAsync(match, TimeSpan.FromSeconds(30)) ?? throw new Xunit.Sdk.XunitException("no matching span stopped; seen: " + Describe());

    /// <summary>The first matching span that stops within <paramref name="timeout"/>, or null.</summary>
    public async Task<Activity?> WaitForAsync(Func<Activity, bool> match, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_stopped.FirstOrDefault(match) is { } found)
            {
                return found;
            }
            if (DateTime.UtcNow > deadline)
            {
                return null;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(10), CancellationToken.None);
        }
    }

    /// <summary>The span's ancestors among the recorded spans, nearest first.</summary>
    public IReadOnlyList<Activity> AncestorsOf(Activity span)
    {
        var ancestors = new List<Activity>();
        var parentId = span.ParentSpanId;
        while (parentId != default && _stopped.FirstOrDefault(candidate => candidate.TraceId == span.TraceId && candidate.SpanId == parentId) is { } parent)
        {
            ancestors.Add(parent);
            parentId = parent.ParentSpanId;
        }
        return ancestors;
    }

    public string Describe() => string.Join(", ", _stopped.Select(span =>
        $"{span.Source.Name}: {span.DisplayName} trace {span.TraceId} span {span.SpanId} parent {span.ParentSpanId}"));

    public void Dispose() => _listener.Dispose();
}
