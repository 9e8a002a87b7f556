using System.Collections.Concurrent;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Bridge;

public sealed class CameraLanesTests
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Each_cameras_messages_run_in_arrival_order_and_a_stuck_camera_does_not_hold_back_the_others()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var done = new ConcurrentQueue<string>();
        var lanes = new CameraLanes(100, async messages =>
        {
            if (messages[0].Topic.StartsWith("stuck", StringComparison.Ordinal))
            {
                await gate.Task;
            }
            foreach (var message in messages)
            {
                done.Enqueue(message.Topic);
            }
        });

        for (var i = 0; i < 5; i++)
        {
            await lanes.EnqueueAsync("stuck", Message($"stuck/{i}"), CancellationToken.None);
            await lanes.EnqueueAsync("free", Message($"free/{i}"), CancellationToken.None);
        }

        await Eventually.TrueAsync(() => done.Count == 5, _patience, "the free camera's messages all ran");
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"free/{i}"), done);
        Assert.Equal(5, lanes.Held);
        gate.SetResult();
        await lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(_patience);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"stuck/{i}"), done.Skip(5));
        Assert.Equal(0, lanes.Held);
    }

    [Fact]
    public async Task What_queues_up_while_a_camera_is_busy_goes_to_the_processor_together_at_most_MaxBatch_at_a_time()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<string[]>();
        var lanes = new CameraLanes(1000, async messages =>
        {
            batches.Enqueue([.. messages.Select(message => message.Topic)]);
            await gate.Task;
        });
        var queued = CameraLanes.MaxBatch + 5;

        for (var i = 0; i <= queued; i++)
        {
            await lanes.EnqueueAsync("cam", Message($"cam/{i}"), CancellationToken.None);
        }
        gate.SetResult();
        await lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(_patience);

        // The first batch is what had arrived when the lane started (at least the first message); the rest follow in full batches.
        var sizes = batches.Select(batch => batch.Length).ToArray();
        Assert.InRange(sizes[0], 1, CameraLanes.MaxBatch);
        var rest = queued + 1 - sizes[0];
        Assert.Equal(rest == 0 ? [] : rest <= CameraLanes.MaxBatch ? [rest] : [CameraLanes.MaxBatch, rest - CameraLanes.MaxBatch], sizes[1..]);
        Assert.Equal(Enumerable.Range(0, queued + 1).Select(i => $"cam/{i}"), batches.SelectMany(batch => batch));
        Assert.Equal(0, lanes.Held);
    }

    [Fact]
    public async Task Large_messages_go_in_batches_of_at_most_MaxBatchBytes_and_one_larger_message_goes_alone()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batches = new ConcurrentQueue<int[]>();
        var lanes = new CameraLanes(1000, async messages =>
        {
            batches.Enqueue([.. messages.Select(message => message.Payload.Length)]);
            await gate.Task;
        });
        var quarter = CameraLanes.MaxBatchBytes / 4;
        // Held back by the first message, the rest queue up: 9 quarters, then one message larger than a whole batch.
        int[] sizes = [1, .. Enumerable.Repeat(quarter, 9), CameraLanes.MaxBatchBytes + 1, 1];
        foreach (var size in sizes)
        {
            await lanes.EnqueueAsync("cam", Message("cam/x", size), CancellationToken.None);
        }
        gate.SetResult();
        await lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(_patience);

        var taken = batches.ToArray();
        Assert.Equal(sizes, taken.SelectMany(batch => batch));
        Assert.All(taken, batch => Assert.True(batch.Length == 1 || batch.Sum() <= CameraLanes.MaxBatchBytes, $"a batch of {batch.Length} messages holds {batch.Sum()} bytes"));
        Assert.Contains(taken, batch => batch.Length == 4 && batch.All(size => size == quarter));
        Assert.Contains([CameraLanes.MaxBatchBytes + 1], taken);
    }

    [Fact]
    public async Task At_most_the_capacity_is_held_and_the_next_message_waits_for_room()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lanes = new CameraLanes(3, _ => gate.Task);

        for (var i = 0; i < 3; i++)
        {
            await lanes.EnqueueAsync($"cam-{i}", Message($"cam-{i}"), CancellationToken.None);
        }
        var fourth = lanes.EnqueueAsync("cam-3", Message("cam-3"), CancellationToken.None);

        Assert.False(fourth.IsCompleted);
        Assert.Equal(3, lanes.Held);
        gate.SetResult();
        await fourth.WaitAsync(_patience);
        await lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(_patience);
        Assert.Equal(0, lanes.Held);
    }

    [Fact]
    public async Task A_failing_message_does_not_stop_its_cameras_later_ones()
    {
        var done = new ConcurrentQueue<string>();
        var failing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fail = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lanes = new CameraLanes(10, async messages =>
        {
            if (messages.Any(message => message.Topic == "cam/0"))
            {
                failing.SetResult();
                await fail.Task;
                throw new InvalidOperationException("boom");
            }
            await Record(done, messages);
        });

        await lanes.EnqueueAsync("cam", Message("cam/0"), CancellationToken.None);
        await failing.Task.WaitAsync(_patience);
        for (var i = 1; i < 3; i++)
        {
            await lanes.EnqueueAsync("cam", Message($"cam/{i}"), CancellationToken.None);
        }
        fail.SetResult();

        await lanes.WhenIdleAsync(CancellationToken.None).WaitAsync(_patience);
        Assert.Equal(["cam/1", "cam/2"], done);
        Assert.Equal(0, lanes.Held);
    }

    private static Task Record(ConcurrentQueue<string> done, IReadOnlyList<ReceivedMqttMessage> messages)
    {
        foreach (var message in messages)
        {
            done.Enqueue(message.Topic);
        }
        return Task.CompletedTask;
    }

    private static ReceivedMqttMessage Message(string topic, int payloadBytes = 0) =>
        new(topic, new byte[payloadBytes], duplicate: false, packetId: null, DateTimeOffset.UtcNow, CancellationToken.None, _ => Task.FromResult(true));
}
