using System.Globalization;
using System.Text.RegularExpressions;
using IngestionCluster.Grains.Events;
using IngestionCluster.Storage.Events;
using IngestionCluster.Storage.Redis;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Mqtt;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Storage.Events;

/// <summary>Events lost while Redis is down: every frame's would be, and the log must stay readable.</summary>
public sealed class CameraEventLossWarningTests
{
    [Fact]
    public async Task Events_lost_while_redis_is_down_are_warned_about_once_per_interval_with_how_many_more_were_lost()
    {
        await using var redis = new RedisServer();
        await redis.StartAsync();
        await using var connection = new RedisConnection(new RedisOptions { Configuration = redis.Configuration }, NullLogger<RedisConnection>.Instance);
        var logger = new TestLogger<CameraEventPublisher>();
        var publisher = new CameraEventPublisher(new RedisCameraEventBus(connection, NullLogger<RedisCameraEventBus>.Instance), TimeProvider.System, logger);
        await publisher.PublishAsync("loss-cam", "frame.ingested");
        await redis.StopAsync();

        for (var frame = 0; frame < 50; frame++)
        {
            await publisher.PublishAsync("loss-cam", "frame.ingested");
        }

        await Eventually.TrueAsync(() => Warnings().Count >= 1, TimeSpan.FromSeconds(30), "the first loss is warned about");
        // The other losses land within the interval: counted, not each written out.
        await Task.Delay(TimeSpan.FromSeconds(2));
        var first = Assert.Single(Warnings());
        Assert.Contains("Event frame.ingested of camera loss-cam not published", first.Message, StringComparison.Ordinal);

        // The next loss after the interval is warned about with the count of those not written out.
        await Task.Delay(CameraEventPublisher.LossWarningInterval - TimeSpan.FromSeconds(1.5));
        await Eventually.TrueAsync(async () =>
        {
            await publisher.PublishAsync("loss-cam", "motion.detected");
            await Task.Delay(200);
            return Warnings().Count == 2;
        }, TimeSpan.FromSeconds(30), "a loss after the interval is warned about again");
        var counted = Warnings().Sum(w => int.Parse(Regex.Match(w.Message, @"\((\d+) more lost since the last such warning\)").Groups[1].Value, CultureInfo.InvariantCulture));
        // 50 frames' events and at least one more were lost by the second warning; each warning speaks for itself and its count
        // (49 when the loop's first loss was the one warned about).
        Assert.InRange(counted, 40, 60);

        IReadOnlyList<TestLogger<CameraEventPublisher>.LogEntry> Warnings() => [.. logger.Entries.Where(e => e.Level == LogLevel.Warning)];
    }
}
