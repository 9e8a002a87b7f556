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
        var warning = Assert.Single(Warnings());
        Assert.Contains("Event frame.ingested of camera loss-cam not published", warning.Message, StringComparison.Ordinal);
        Assert.Contains("(0 more lost since the last such warning)", warning.Message, StringComparison.Ordinal);

        IReadOnlyList<TestLogger<CameraEventPublisher>.LogEntry> Warnings() => [.. logger.Entries.Where(e => e.Level == LogLevel.Warning)];
    }
}
