using Microsoft.Extensions.Logging;

namespace IngestionCluster.Runtime.Activations;

/// <summary>A timer whose ticks are queued as turns of its activation; a tick that finds the previous one still queued is skipped.</summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly Activation _activation;
    private readonly Func<CancellationToken, Task> _callback;
    private readonly ITimer _timer;
    private int _pending;
    private bool _disposed;

    public GrainTimer(Activation activation, Func<CancellationToken, Task> callback, GrainTimerCreationOptions options, TimeProvider clock)
    {
        _activation = activation;
        _callback = callback;
        KeepAlive = options.KeepAlive;
        _timer = clock.CreateTimer(static state => ((GrainTimer)state!).OnTick(), this, options.DueTime, options.Period);
    }

    public bool KeepAlive { get; }

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        if (!_disposed)
        {
            _timer.Change(dueTime, period);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _timer.Dispose();
        _activation.ForgetTimer(this);
    }

    public async Task RunCallbackAsync(Activation activation)
    {
        try
        {
            if (!_disposed)
            {
                await _callback(activation.StoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            activation.Silo.Log.LogWarning(e, "Timer callback of {Grain} failed", activation.GrainId);
            if (e is InconsistentStateException)
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.StateConflict, e.Message));
            }
        }
        finally
        {
            Volatile.Write(ref _pending, 0);
        }
    }

    public void TickSkipped() => Volatile.Write(ref _pending, 0);

    private void OnTick()
    {
        if (_disposed || Interlocked.Exchange(ref _pending, 1) == 1)
        {
            return;
        }
        if (!_activation.TryEnqueue(new TimerWorkItem(this)))
        {
            Volatile.Write(ref _pending, 0);
        }
    }
}
