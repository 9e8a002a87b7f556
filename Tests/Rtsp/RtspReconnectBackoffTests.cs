using IngestionCluster.Grains.Rtsp;

namespace IngestionCluster.Tests.Rtsp;

public sealed class RtspReconnectBackoffTests
{
    [Fact]
    public void Delay_doubles_from_one_second_up_to_sixty()
    {
        var backoff = new RtspReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(0, 8).Select(a => backoff.Nominal(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(60), backoff.Nominal(int.MaxValue));
    }

    [Fact]
    public void Jitter_stays_within_twenty_percent_and_never_exceeds_the_maximum()
    {
        var backoff = new RtspReconnectBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), new Random(7));
        for (var attempt = 0; attempt < 12; attempt++)
        {
            var nominal = backoff.Nominal(attempt);
            var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(attempt)).ToList();
            Assert.All(delays, d => Assert.InRange(d, nominal * 0.8, nominal * 1.2));
            Assert.All(delays, d => Assert.True(d <= TimeSpan.FromSeconds(60)));
            Assert.True(delays.Distinct().Count() > 1, "jittered");
        }
    }
}
