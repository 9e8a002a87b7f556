using System.Net;
using System.Net.Http.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class EventsApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Camera_event_stream_delivers_that_cameras_events_only(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var watched = $"sse-{Guid.NewGuid():N}"[..14];
        var other = $"sse-{Guid.NewGuid():N}"[..14];
        var admin = host.As(ApiRoles.Admin);
        foreach (var id in new[] { watched, other })
        {
            await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id, source_type = "http_push" }), HttpStatusCode.Created);
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var cameraStream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), $"/api/cameras/{watched}/events", timeout.Token);
        await using var allStream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), "/api/events", timeout.Token);

        await PushAsync(host, other);
        await PushAsync(host, watched);

        var mine = await cameraStream.NextAsync(e => e.Type == "frame.ingested", timeout.Token);
        Assert.Equal(watched, mine.Data.GetProperty("camera_id").GetString());
        Assert.Equal("frame.ingested", mine.Data.GetProperty("type").GetString());
        Assert.DoesNotContain(cameraStream.Seen, e => e.Data.GetProperty("camera_id").GetString() == other);
        // The all-cameras stream sees both.
        await allStream.NextAsync(e => e.Data.GetProperty("camera_id").GetString() == other, timeout.Token);
        await allStream.NextAsync(e => e.Data.GetProperty("camera_id").GetString() == watched, timeout.Token);
    }

    [Fact]
    public async Task Event_stream_of_an_unknown_camera_is_404_and_of_an_invalid_id_400()
    {
        var viewer = (await hosts.Standalone).As(ApiRoles.Viewer);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/not-there/events"), HttpStatusCode.NotFound);
        await ApiAssert.ProblemAsync(await viewer.GetAsync("/api/cameras/bad%24id/events"), HttpStatusCode.BadRequest, "camera id");
    }

    [Fact]
    public async Task An_event_stream_ends_when_the_token_it_was_opened_with_expires()
    {
        var host = await hosts.Standalone;
        // Expired 20 s ago, still accepted within the 30 s of clock skew: valid for about 10 s more.
        var expiring = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromSeconds(20), issuedAt: DateTimeOffset.UtcNow - TimeSpan.FromSeconds(40));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));
        await using var expiringStream = await SseStream.OpenAsync(host.WithToken(expiring), "/api/events", timeout.Token);
        await using var validStream = await SseStream.OpenAsync(host.As(ApiRoles.Viewer), "/api/events", timeout.Token);

        await expiringStream.EndAsync(timeout.Token);

        // The other stream, opened with a valid token at the same time, is still open.
        using var stillOpen = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => validStream.EndAsync(stillOpen.Token));
        await ApiAssert.StatusAsync(await host.WithToken(expiring).GetAsync("/api/events"), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_event_stream_opened_with_a_token_valid_for_a_year_stays_open()
    {
        var host = await hosts.Standalone;
        // Longer than a timer can wait (about 49 days): the stream is simply not cut at the token's expiry.
        var longLived = TestAuth.Token(ApiRoles.Viewer, lifetime: TimeSpan.FromDays(365));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var stream = await SseStream.OpenAsync(host.WithToken(longLived), "/api/events", timeout.Token);

        using var stillOpen = new CancellationTokenSource(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream.EndAsync(stillOpen.Token));
    }

    private static async Task PushAsync(GatewayHost host, string camera)
    {
        var raw = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync($"/api/ingest/push/{camera}", raw), HttpStatusCode.Accepted);
    }
}
