using IngestionCluster.Gateway.Events;
using IngestionCluster.Storage.Events;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Telemetry;

[Collection(ProcessWideMetricsCollection.Name)]
public sealed class EventStreamMetricsTests
{
    [Fact]
    public async Task A_client_that_falls_behind_loses_its_oldest_events_and_each_is_counted()
    {
        using var dropped = new CounterSpy("ingest_event_stream_events_dropped");
        using var open = new CounterSpy("ingest_event_streams_open");
        var bus = new InProcessCameraEventBus();
        await using var hub = new CameraEventHub(bus, Options.Create(new EventStreamOptions { ClientBufferSize = 2 }), NullLogger<CameraEventHub>.Instance);
        var slow = await hub.ListenAsync(null, CancellationToken.None);
        var otherCamera = await hub.ListenAsync("cam-b", CancellationToken.None);
        Assert.Equal(2, open.Total);

        for (var sequence = 1; sequence <= 5; sequence++)
        {
            await bus.PublishAsync("cam-a", EventJson("cam-a", sequence), CancellationToken.None);
        }

        Assert.Equal(3, dropped.Total);
        // The newest are kept; the listener of another camera lost nothing, as it wanted none of them.
        Assert.True(slow.Events.TryRead(out var first));
        Assert.True(slow.Events.TryRead(out var second));
        Assert.Contains("\"sequence\":4", first!.Json, StringComparison.Ordinal);
        Assert.Contains("\"sequence\":5", second!.Json, StringComparison.Ordinal);
        Assert.False(otherCamera.Events.TryRead(out _));

        slow.Dispose();
        slow.Dispose();
        await hub.DisposeAsync();
        Assert.Equal(0, open.Total);
        Assert.Equal(3, dropped.Total);
    }

    private static byte[] EventJson(string cameraId, int sequence) =>
        System.Text.Encoding.UTF8.GetBytes($$"""{"type":"frame.ingested","camera_id":"{{cameraId}}","sequence":{{sequence}}}""");
}
