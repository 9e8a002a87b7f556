using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Mqtt.Group;

/// <summary>
/// Runs a step on its own task every <c>interval</c> until stopped. A failing step goes to the failure handler and the
/// loop goes on, whatever the handler meets itself: the leases and heartbeats it keeps must be kept.
/// </summary>
/// <param name="name">What the loop keeps, for the log (<c>bridge leadership</c>).</param>
internal sealed class PeriodicLoop(string name, TimeSpan interval, TimeProvider time, ILogger logger)
{
    private CancellationTokenSource? _stop;
    private Task _running = Task.CompletedTask;

    public bool Running => _stop is not null;

    /// <param name="step">One round; its token ends when the loop stops.</param>
    /// <param name="onFailure">What a failed round leaves to do (log, step down).</param>
    public void Start(Func<CancellationToken, Task> step, Func<Exception, CancellationToken, Task> onFailure)
    {
        if (_stop is not null)
        {
            throw new InvalidOperationException("the loop is already started");
        }
        _stop = new CancellationTokenSource();
        var stop = _stop.Token;
        _running = Task.Run(() => RunAsync(step, onFailure, stop), CancellationToken.None);
    }

    /// <summary>Ends the loop and waits for the round under way.</summary>
    /// <returns>False when it was not running.</returns>
    public async Task<bool> StopAsync()
    {
        if (_stop is null)
        {
            return false;
        }
        await _stop.CancelAsync().ConfigureAwait(false);
        await _running.ConfigureAwait(false);
        _stop.Dispose();
        _stop = null;
        return true;
    }

    private async Task RunAsync(Func<CancellationToken, Task> step, Func<Exception, CancellationToken, Task> onFailure, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await step(stop).ConfigureAwait(false);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                try
                {
                    await onFailure(ex, stop).ConfigureAwait(false);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                catch (Exception handlerFailure)
                {
                    MqttGroupLog.RoundRecoveryFailed(logger, name, handlerFailure);
                }
            }
            try
            {
                await Task.Delay(interval, time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
