using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Grains.Hosting;

/// <summary>Background services of a silo make grain calls: they wait until the host, Orleans' silo included, has started.</summary>
internal static class HostStart
{
    public static Task WaitAsync(IHostApplicationLifetime lifetime, CancellationToken cancellationToken)
    {
        if (lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registration = lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(cancellationToken).ContinueWith(task =>
        {
            registration.Dispose();
            return task;
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default).Unwrap();
    }
}
