using IngestionCluster.Gateway.Mqtt.Group;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Group;

public sealed class PeriodicLoopTests
{
    private static PeriodicLoop NewLoop() => new("test loop", TimeSpan.FromMilliseconds(5), TimeProvider.System, NullLogger.Instance);

    [Fact]
    public async Task The_loop_outlives_failing_rounds_and_failing_failure_handlers()
    {
        var loop = NewLoop();
        var rounds = 0;
        var handled = 0;
        var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop.Start(
            _ => Interlocked.Increment(ref rounds) % 2 == 1 ? throw new InvalidOperationException("round failed") : Task.CompletedTask,
            (_, _) =>
            {
                if (Interlocked.Increment(ref handled) >= 3)
                {
                    enough.TrySetResult();
                }
                throw new InvalidOperationException("the handler failed too");
            });

        await enough.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(await loop.StopAsync());

        Assert.True(Volatile.Read(ref rounds) >= 5, $"{rounds} rounds");
        Assert.False(loop.Running);
    }

    [Fact]
    public async Task Stopping_waits_for_the_round_under_way_and_ends_it_quietly()
    {
        var loop = NewLoop();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = 0;
        loop.Start(
            async stop =>
            {
                started.TrySetResult();
                await Task.Delay(Timeout.Infinite, stop);
            },
            (_, _) =>
            {
                Interlocked.Increment(ref failures);
                return Task.CompletedTask;
            });
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(await loop.StopAsync().WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(0, failures);
    }

    [Fact]
    public async Task A_loop_starts_once_and_stopping_one_that_is_not_running_says_so()
    {
        var loop = NewLoop();
        Assert.False(await loop.StopAsync());

        loop.Start(_ => Task.CompletedTask, (_, _) => Task.CompletedTask);
        Assert.Throws<InvalidOperationException>(() => loop.Start(_ => Task.CompletedTask, (_, _) => Task.CompletedTask));

        Assert.True(await loop.StopAsync());
        Assert.False(await loop.StopAsync());
    }
}
