using System.Net;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

/// <summary>A gateway may start before any silo (containers start in any order): it must say "later", not "your request is wrong".</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayWithoutSilosTests
{
    [Fact]
    public async Task A_gateway_that_reaches_no_silo_answers_503_with_retry_after_and_stops_cleanly()
    {
        var settings = await ClusterSettings.CreateAsync("lonely");
        settings["Auth__Enabled"] = "false";
        var gateway = await ProductProcess.StartGatewayAsync("lonely-gateway", settings);
        try
        {
            using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
            using var frame = new ByteArrayContent(SharedJpegs.Samples.TestCard) { Headers = { ContentType = new("image/jpeg") } };
            using var push = await http.PostAsync("api/ingest/push/lonely-cam", frame);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, push.StatusCode);
            Assert.NotNull(push.Headers.RetryAfter);
            using var ready = await http.GetAsync("health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);

            await gateway.StopAsync();
            var log = gateway.Log();
            Assert.False(log.Contains("Unhandled exception", StringComparison.Ordinal), log[Math.Max(0, log.Length - 3000)..]);
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }
}
