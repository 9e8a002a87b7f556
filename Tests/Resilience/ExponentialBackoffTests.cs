using IngestionCluster.ServiceDefaults.Resilience;

namespace IngestionCluster.Tests.Resilience;

public sealed class ExponentialBackoffTests
{
    [Fact]
    public void Ceiling_doubles_from_the_initial_delay_up_to_the_maximum()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));

        Assert.Equal([1, 2, 4, 8, 16, 32, 60, 60], Enumerable.Range(0, 8).Select(a => backoff.Ceiling(a).TotalSeconds));
        Assert.Equal(TimeSpan.FromSeconds(60), backoff.Ceiling(int.MaxValue));
    }

    [Fact]
    public void Jittered_delays_stay_between_half_the_ceiling_and_the_ceiling_and_vary()
    {
        var backoff = new ExponentialBackoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5), new Random(1));

        for (var attempt = 0; attempt < 12; attempt++)
        {
            var ceiling = backoff.Ceiling(attempt);
            var delays = Enumerable.Range(0, 200).Select(_ => backoff.Delay(attempt)).ToList();
            Assert.All(delays, d => Assert.InRange(d, ceiling / 2, ceiling));
            Assert.True(delays.Distinct().Count() > 100, "delays must be jittered");
        }
    }

    [Fact]
    public void Settings_that_cannot_back_off_are_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.Zero, TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2)).Ceiling(-1));
    }
}
