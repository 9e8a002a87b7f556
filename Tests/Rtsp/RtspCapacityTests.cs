using IngestionCluster.Grains.Rtsp;

namespace IngestionCluster.Tests.Rtsp;

public sealed class RtspCapacityTests
{
    [Fact]
    public async Task Grants_up_to_the_limit_at_once_and_queues_the_rest_in_order()
    {
        var capacity = new RtspCapacity(2);
        using var first = await capacity.AcquireAsync();
        var second = await capacity.AcquireAsync();
        var third = capacity.AcquireAsync();
        var fourth = capacity.AcquireAsync();

        Assert.False(third.IsCompleted);
        Assert.False(fourth.IsCompleted);
        Assert.Equal(2, capacity.ActiveStreams);
        Assert.Equal(2, capacity.WaitingStreams);

        second.Dispose();
        using var thirdLease = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(fourth.IsCompleted);
        Assert.Equal(2, capacity.ActiveStreams);
        Assert.Equal(1, capacity.WaitingStreams);

        thirdLease.Dispose();
        (await fourth.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        Assert.Equal(1, capacity.ActiveStreams);
        Assert.Equal(0, capacity.WaitingStreams);
    }

    [Fact]
    public async Task Free_slots_are_those_a_newcomer_would_get_at_once()
    {
        var capacity = new RtspCapacity(2);
        Assert.Equal(2, capacity.FreeSlots);
        using var first = await capacity.AcquireAsync();
        Assert.Equal(1, capacity.FreeSlots);
        var second = await capacity.AcquireAsync();
        var waiting = capacity.AcquireAsync();
        Assert.Equal(0, capacity.FreeSlots);

        second.Dispose();
        // The freed slot went to the one that waited.
        using var third = await waiting.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(0, capacity.FreeSlots);
    }

    [Fact]
    public async Task A_waiter_knows_its_place_and_can_leave_the_queue_unless_a_slot_reached_it()
    {
        var capacity = new RtspCapacity(1);
        var held = await capacity.AcquireAsync();
        var first = capacity.AcquireAsync();
        var second = capacity.AcquireAsync();
        Assert.Equal((0, 1, -1), (capacity.QueuePosition(first), capacity.QueuePosition(second), capacity.QueuePosition(Task.FromResult(held))));

        Assert.True(capacity.TryLeave(first));
        Assert.True(first.IsCanceled);
        Assert.Equal(0, capacity.QueuePosition(second));

        held.Dispose();
        using var granted = await second.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(capacity.TryLeave(second));
        Assert.Equal((1, 0), (capacity.ActiveStreams, capacity.WaitingStreams));
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_slot()
    {
        var capacity = new RtspCapacity(1);
        var held = await capacity.AcquireAsync();
        using var cancel = new CancellationTokenSource();
        var waiting = capacity.AcquireAsync(cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, capacity.WaitingStreams);

        held.Dispose();
        Assert.Equal(0, capacity.ActiveStreams);
        using var next = await capacity.AcquireAsync();
        Assert.Equal(1, capacity.ActiveStreams);
    }

    [Fact]
    public async Task A_slot_that_reaches_a_wait_as_it_is_cancelled_goes_back_when_its_caller_abandons_it()
    {
        var capacity = new RtspCapacity(1);
        var held = await capacity.AcquireAsync();
        using var stop = new CancellationTokenSource();
        var waiting = capacity.AcquireAsync(stop.Token);
        // Runs before the wait's own cancellation (the last registered runs first): the slot reaches the wait as it is cancelled.
        stop.Token.Register(held.Dispose);

        stop.Cancel();

        Assert.True(waiting.IsCompletedSuccessfully);
        Assert.Equal(1, capacity.ActiveStreams);
        // The caller had stopped waiting and never takes it.
        await capacity.AbandonAsync(waiting);
        Assert.Equal((0, 0), (capacity.ActiveStreams, capacity.WaitingStreams));
        using var next = await capacity.AcquireAsync();
        Assert.Equal(1, capacity.ActiveStreams);
    }

    [Fact]
    public async Task An_abandoned_wait_leaves_the_queue_and_a_later_release_frees_the_slot()
    {
        var capacity = new RtspCapacity(1);
        var held = await capacity.AcquireAsync();
        var waiting = capacity.AcquireAsync();

        await capacity.AbandonAsync(waiting);
        held.Dispose();

        Assert.True(waiting.IsCanceled);
        Assert.Equal((0, 0), (capacity.ActiveStreams, capacity.WaitingStreams));
    }

    [Fact]
    public async Task Abandoning_a_wait_whose_lease_was_taken_and_disposed_releases_nothing_more()
    {
        var capacity = new RtspCapacity(1);
        var held = await capacity.AcquireAsync();
        var waiting = capacity.AcquireAsync();
        held.Dispose();
        (await waiting).Dispose();
        using var other = await capacity.AcquireAsync();

        await capacity.AbandonAsync(waiting);

        Assert.Equal(1, capacity.ActiveStreams);
    }

    [Fact]
    public async Task Disposing_a_lease_twice_frees_one_slot()
    {
        var capacity = new RtspCapacity(1);
        var lease = await capacity.AcquireAsync();
        lease.Dispose();
        lease.Dispose();
        Assert.Equal(0, capacity.ActiveStreams);

        using var again = await capacity.AcquireAsync();
        Assert.False(capacity.AcquireAsync(new CancellationToken(true)).IsCompletedSuccessfully);
        Assert.Equal(1, capacity.ActiveStreams);
    }

    [Fact]
    public async Task Slots_do_not_leak_when_releases_and_cancellations_race()
    {
        var capacity = new RtspCapacity(3);
        var workers = Enumerable.Range(0, 16).Select(i => Task.Run(async () =>
        {
            for (var round = 0; round < 200; round++)
            {
                using var cancel = new CancellationTokenSource();
                if ((round + i) % 3 == 0)
                {
                    cancel.CancelAfter(TimeSpan.FromTicks(Random.Shared.Next(1, 2000)));
                }
                try
                {
                    using var lease = await capacity.AcquireAsync(cancel.Token);
                    Assert.InRange(capacity.ActiveStreams, 1, 3);
                    await Task.Yield();
                }
                catch (OperationCanceledException)
                {
                }
            }
        })).ToList();

        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, capacity.ActiveStreams);
        Assert.Equal(0, capacity.WaitingStreams);
    }
}
