namespace IngestionCluster.Grains.Work;

/// <summary>
/// Work a grain runs outside its turns (on the thread pool), so that status queries stay answerable
/// while it runs. The grain starts it in a turn and takes its result in a later turn (a timer polls
/// <see cref="IsFinished"/>); the work itself must only touch thread-safe services, never grain state.
/// </summary>
internal sealed class BackgroundWork<T> : IAsyncDisposable
{
    private CancellationTokenSource? _cancel;
    private Task<T>? _task;

    public bool IsRunning => _task is { IsCompleted: false };

    public bool IsFinished => _task is { IsCompleted: true };

    /// <summary>Finished with a result (also when it got to the end as it was being cancelled).</summary>
    public bool HasSucceeded => _task is { IsCompletedSuccessfully: true };

    public void Start(Func<CancellationToken, Task<T>> work)
    {
        if (_task is not null)
        {
            throw new InvalidOperationException("Background work is already running.");
        }
        _cancel = new CancellationTokenSource();
        var token = _cancel.Token;
        _task = Task.Run(() => work(token), CancellationToken.None);
    }

    /// <summary>The finished work's task (await it for the result or the exception); the slot is free again.</summary>
    public Task<T> Take()
    {
        var task = _task ?? throw new InvalidOperationException("No background work to take.");
        if (!task.IsCompleted)
        {
            throw new InvalidOperationException("The background work has not finished.");
        }
        _task = null;
        _cancel?.Dispose();
        _cancel = null;
        return task;
    }

    /// <summary>Cancels running work and waits for it to stop; its task stays to be taken.</summary>
    public async Task CancelAsync()
    {
        if (_task is not { IsCompleted: false } task)
        {
            return;
        }
        await _cancel!.CancelAsync().ConfigureAwait(false);
        await ((Task)task).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    /// <summary>Cancels running work, waits for it to stop and drops it.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_task is null)
        {
            return;
        }
        await CancelAsync().ConfigureAwait(false);
        _task = null;
        _cancel?.Dispose();
        _cancel = null;
    }
}
