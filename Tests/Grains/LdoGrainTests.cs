using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Errors;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Ldos;
using Orleans.Core.Internal;

namespace IngestionCluster.Tests.Grains;

public sealed class LdoGrainTests
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_ldo_remembers_the_attempt_that_recorded_it_across_activations(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var ldo = product.Grains.GetLdo("ldo-attempts");
        var sensorData = JsonSerializer.SerializeToElement(new { temp = 21.5 });
        var recorded = await ldo.Ingest(new LdoSubmission(sensorData, null, null, null, AttemptKey: "attempt-1"));

        // The gateway that sent it died before answering; the client's retry reaches a new activation.
        await ldo.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        var retried = await ldo.Ingest(new LdoSubmission(JsonSerializer.SerializeToElement(new { temp = 99 }), null, null, null, AttemptKey: "attempt-1"));

        Assert.Equal(recorded.CreatedAt, retried.CreatedAt);
        Assert.Equal(21.5, retried.SensorData!.Value.GetProperty("temp").GetDouble());
        // Another request for the id, with another key or none, finds it taken.
        await Assert.ThrowsAsync<ResourceConflictException>(() => ldo.Ingest(new LdoSubmission(sensorData, null, null, null, AttemptKey: "attempt-2")));
        await Assert.ThrowsAsync<ResourceConflictException>(() => ldo.Ingest(new LdoSubmission(sensorData, null, null, null)));
    }
}
