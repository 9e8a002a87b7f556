using System.Diagnostics;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Cluster.Support;

/// <summary>
/// Samples, in the background, the ffmpeg processes that read one RTSP path (whichever silo runs them): every
/// process seen, the most seen at once, and for how long more than one ran (an overlapping duplicate capture).
/// </summary>
internal sealed class FfmpegWatch : IAsyncDisposable
{
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(100);

    private readonly string _path;
    private readonly CancellationTokenSource _stop = new();
    private readonly object _lock = new();
    private readonly List<int> _pids = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Task _sampling;
    private TimeSpan _overlap;
    private int _mostAtOnce;
    private TimeSpan _lastSampleAt;
    private int _lastCount;

    private FfmpegWatch(string path)
    {
        _path = path;
        // The first sample before Start returns: what runs now is seen even if it ends before the background loop's first turn.
        Sample();
        _sampling = Task.Run(SampleAsync);
    }

    /// <summary>Every ffmpeg seen for the path, in the order first seen.</summary>
    public IReadOnlyList<int> Pids
    {
        get
        {
            lock (_lock)
            {
                return [.. _pids];
            }
        }
    }

    public int MostAtOnce
    {
        get
        {
            lock (_lock)
            {
                return _mostAtOnce;
            }
        }
    }

    /// <summary>Sampled time during which two or more ffmpeg read the path.</summary>
    public TimeSpan Overlap
    {
        get
        {
            lock (_lock)
            {
                return _overlap;
            }
        }
    }

    public static FfmpegWatch Start(string path) => new(path);

    /// <summary>The ffmpeg processes reading <paramref name="path"/> now (not their guards).</summary>
    public static IReadOnlyList<ProcessTable.Entry> Running(string path) =>
        ProcessTable.Find(cmdline => cmdline.StartsWith("ffmpeg", StringComparison.Ordinal) || cmdline.Contains("/ffmpeg", StringComparison.Ordinal))
            .Where(p => p.CommandLine.Contains(path, StringComparison.Ordinal) && !p.CommandLine.Contains("guard", StringComparison.Ordinal))
            .ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(_interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            Sample();
        }
    }

    private void Sample()
    {
        var running = Running(_path);
        var now = _clock.Elapsed;
        lock (_lock)
        {
            if (_lastCount > 1 && running.Count > 1)
            {
                _overlap += now - _lastSampleAt;
            }
            _mostAtOnce = Math.Max(_mostAtOnce, running.Count);
            _pids.AddRange(running.Select(p => p.Pid).Where(pid => !_pids.Contains(pid)));
            (_lastSampleAt, _lastCount) = (now, running.Count);
        }
    }
}
