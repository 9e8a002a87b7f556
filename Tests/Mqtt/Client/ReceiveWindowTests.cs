using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Client;

public sealed class ReceiveWindowTests
{
    [Fact]
    public async Task A_full_window_makes_the_next_message_wait_until_an_acknowledgement_gives_a_place_back()
    {
        var window = new ReceiveWindow(2);
        Assert.True(window.TryTake());
        Assert.True(window.TryTake());
        Assert.False(window.TryTake());

        var waiting = window.TakeAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);
        window.GiveBack();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public void Acknowledgements_the_window_did_not_count_never_widen_it()
    {
        var window = new ReceiveWindow(2);
        window.GiveBack();
        window.GiveBack();

        Assert.True(window.TryTake());
        Assert.True(window.TryTake());
        Assert.False(window.TryTake());
    }

    [Fact]
    public async Task Waiting_for_a_place_ends_when_the_connection_closes()
    {
        var window = new ReceiveWindow(1);
        Assert.True(window.TryTake());
        using var closing = new CancellationTokenSource();

        var waiting = window.TakeAsync(closing.Token);
        await closing.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
