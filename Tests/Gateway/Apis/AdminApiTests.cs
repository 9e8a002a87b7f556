using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Gateway.Apis;

[Collection(GatewayCollection.Name)]
public sealed class AdminApiTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_chunk_that_can_never_succeed_is_listed_as_a_dead_letter_with_its_reason(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var cameraId = $"dead-{Guid.NewGuid():N}"[..20];
        var receipt = await host.Grains.GetCamera(cameraId).ReceiveChunk(new ImageChunk(cameraId, 0, 0, [1, 2, 3]));
        Assert.Equal(ChunkOutcome.Rejected, receipt.Outcome);
        Assert.Equal(ChunkRejectionReason.TotalInvalid, receipt.Reason);
        var admin = host.As(ApiRoles.Admin);

        var list = await ApiAssert.StatusAsync(await admin.GetAsync("/api/admin/dead-letters?limit=1000"), HttpStatusCode.OK);
        var letter = Assert.Single(list.GetProperty("dead_letters").EnumerateArray(), d => d.GetProperty("camera_id").GetString() == cameraId);
        Assert.Equal(ChunkRejectionReason.TotalInvalid, letter.GetProperty("reason").GetString());
        Assert.Equal("mqtt", letter.GetProperty("source").GetString());
        Assert.Equal($"camera/{cameraId}/image_json", letter.GetProperty("topic").GetString());
        Assert.Equal(3, letter.GetProperty("payload_bytes").GetInt32());
        Assert.Contains("0/0", letter.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(list.GetProperty("total").GetInt64() >= 1);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Dead_letters_are_for_admins_only_and_the_limit_is_checked(StorageKind storage)
    {
        var host = await hosts.Get(storage);

        Assert.Equal(HttpStatusCode.Unauthorized, (await host.Anonymous().GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(ApiRoles.Viewer).GetAsync("/api/admin/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.As(ApiRoles.Ingest).GetAsync("/api/admin/dead-letters")).StatusCode);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Admin).GetAsync("/api/admin/dead-letters?limit=0"), HttpStatusCode.BadRequest);
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Admin).GetAsync("/api/admin/dead-letters?limit=5000"), HttpStatusCode.BadRequest);
        var page = await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).GetAsync("/api/admin/dead-letters?limit=1"), HttpStatusCode.OK);
        Assert.Equal(1, page.GetProperty("limit").GetInt32());
        Assert.InRange(page.GetProperty("dead_letters").GetArrayLength(), 0, 1);
    }
}
