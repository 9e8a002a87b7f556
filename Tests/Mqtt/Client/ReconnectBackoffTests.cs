using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Client;

public sealed class ReconnectBackoffTests
{
    [Fact]
    public void Backoff_doubles_from_the_initial_delay_up_to_the_maximum()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

        Assert.Equal(
            new[] { 1, 2, 4, 8, 16, 30, 30 }.Select(s => TimeSpan.FromSeconds(s)),
            Enumerable.Range(0, 7).Select(backoff.Ceiling));
        Assert.Equal(TimeSpan.FromSeconds(30), backoff.Ceiling(1_000_000));
    }

    [Fact]
    public void Jittered_delays_stay_between_half_the_ceiling_and_the_ceiling_and_vary()
    {
        var backoff = new ReconnectBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(1));

        for (var attempt = 0; attempt < 12; attempt++)
        {
            var ceiling = backoff.Ceiling(attempt);
            var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(attempt)).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 100, "delays must be jittered");
        }
    }
}
