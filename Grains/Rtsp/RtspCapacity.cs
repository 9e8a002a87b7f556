using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// A silo's budget of ffmpeg captures of one <see cref="Kind"/> (continuous captures, or capture
/// requests): at most <see cref="MaxConcurrentStreams"/> leases are out at once; further <see cref="AcquireAsync"/> calls wait, first come first served, and get a
/// slot when one is released. A cancelled wait leaves the queue without taking a slot; a slot handed
/// to a wait that is being cancelled is the caller's, which takes it or gives up the wait with
/// <see cref="AbandonAsync"/>, so slots never leak.
/// </summary>
public sealed class RtspCapacity
{
    private readonly object _lock = new();
    private readonly LinkedList<TaskCompletionSource<RtspCapacityLease>> _waiters = new();
    private int _active;

    public RtspCapacity(IOptions<RtspOptions> options) : this(options.Value.MaxConcurrentStreams)
    {
    }

    /// <param name="maxConcurrentStreams">The limit.</param>
    /// <param name="kind">What the slots are for, as the metrics tag them: <see cref="FfmpegFrameSourceSettings.StreamKind"/> or <see cref="FfmpegFrameSourceSettings.SnapshotKind"/>.</param>
    public RtspCapacity(int maxConcurrentStreams, string kind = FfmpegFrameSourceSettings.StreamKind)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrentStreams, 1);
        MaxConcurrentStreams = maxConcurrentStreams;
        Kind = kind;
        RtspMetrics.Track(this);
    }

    /// <summary>The limit.</summary>
    public int MaxConcurrentStreams { get; }

    /// <summary>What the slots are for: <c>stream</c> (continuous captures) or <c>snapshot</c> (capture requests).</summary>
    public string Kind { get; }

    /// <summary>Leases held now (running captures, including those between reconnect attempts).</summary>
    public int ActiveStreams
    {
        get
        {
            lock (_lock)
            {
                return _active;
            }
        }
    }

    /// <summary>Slots a capture arriving now would get at once: none while others wait.</summary>
    public int FreeSlots
    {
        get
        {
            lock (_lock)
            {
                return Math.Max(0, MaxConcurrentStreams - _active - _waiters.Count);
            }
        }
    }

    /// <summary>Captures waiting for a slot.</summary>
    public int WaitingStreams
    {
        get
        {
            lock (_lock)
            {
                return _waiters.Count;
            }
        }
    }

    /// <summary>
    /// A slot: completed at once when one is free, otherwise a task that completes when one frees up
    /// (check <see cref="Task.IsCompleted"/> to learn whether the caller has to wait). Dispose the lease
    /// to release the slot.
    /// </summary>
    public Task<RtspCapacityLease> AcquireAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<RtspCapacityLease>(cancellationToken);
        }
        TaskCompletionSource<RtspCapacityLease> waiter;
        LinkedListNode<TaskCompletionSource<RtspCapacityLease>> node;
        lock (_lock)
        {
            if (_active < MaxConcurrentStreams && _waiters.Count == 0)
            {
                _active++;
                return Task.FromResult(new RtspCapacityLease(this));
            }
            waiter = new TaskCompletionSource<RtspCapacityLease>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() => CancelWait(node, cancellationToken));
            // The registration is disposed when the wait ends either way.
            _ = waiter.Task.ContinueWith(static (_, state) => ((CancellationTokenRegistration)state!).Dispose(), registration,
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        return waiter.Task;
    }

    /// <summary>Where <paramref name="wait"/> (a task of <see cref="AcquireAsync"/>) stands in the queue, 0 being next; -1 when it does not wait.</summary>
    public int QueuePosition(Task<RtspCapacityLease> wait)
    {
        lock (_lock)
        {
            var position = 0;
            for (var node = _waiters.First; node is not null; node = node.Next, position++)
            {
                if (node.Value.Task == wait)
                {
                    return position;
                }
            }
            return -1;
        }
    }

    /// <summary>
    /// Takes <paramref name="wait"/> out of the queue (it ends cancelled) unless it was granted meanwhile: true when it left,
    /// false when it holds a slot or never waited. A slot and a departure never cross: either happens under the lock.
    /// </summary>
    public bool TryLeave(Task<RtspCapacityLease> wait)
    {
        TaskCompletionSource<RtspCapacityLease>? leaving = null;
        lock (_lock)
        {
            for (var node = _waiters.First; node is not null; node = node.Next)
            {
                if (node.Value.Task == wait)
                {
                    leaving = node.Value;
                    _waiters.Remove(node);
                    break;
                }
            }
        }
        return leaving?.TrySetCanceled() == true;
    }

    /// <summary>
    /// For a caller that stops waiting without taking its slot: <paramref name="wait"/> leaves the queue, or the slot that
    /// reached it (also one that did as its cancellation was under way) is released. A lease already taken and disposed is
    /// not released twice.
    /// </summary>
    public async ValueTask AbandonAsync(Task<RtspCapacityLease> wait)
    {
        // Granted under the lock, so a wait that could not leave the queue has its slot already, or it is being cancelled.
        if (!TryLeave(wait) && wait.IsCompletedSuccessfully)
        {
            (await wait.ConfigureAwait(false)).Dispose();
        }
    }

    internal void Release()
    {
        lock (_lock)
        {
            // Hand the slot straight to the first waiter: the count stays the same.
            while (_waiters.First is { } first)
            {
                _waiters.RemoveFirst();
                if (first.Value.TrySetResult(new RtspCapacityLease(this)))
                {
                    return;
                }
            }
            _active--;
        }
    }

    private void CancelWait(LinkedListNode<TaskCompletionSource<RtspCapacityLease>> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // already granted: the caller takes the lease, or abandons the wait
            }
            _waiters.Remove(node);
        }
        node.Value.TrySetCanceled(cancellationToken);
    }
}
