using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Telemetry;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Gateway.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class RequestIdTests(GatewayHosts hosts)
{
    [Fact]
    public async Task Client_request_id_and_trace_are_echoed_and_put_in_problem_details()
    {
        var client = (await hosts.Standalone).As(ApiRoles.Viewer);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/cameras/not-registered-anywhere");
        request.Headers.Add("X-Request-ID", "client-chosen.id:42");
        request.Headers.Add("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");

        using var response = await OutsideCaller.SendAsync(client, request);

        Assert.Equal("client-chosen.id:42", response.Headers.GetValues("X-Request-ID").Single());
        var problem = await ApiAssert.ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("client-chosen.id:42", problem.GetProperty("request_id").GetString());
        // The caller's trace goes on: the request's own span in it.
        Assert.Matches("^00-0af7651916cd43dd8448eb211c80319c-[0-9a-f]{16}-0[01]$", problem.GetProperty("trace_id").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces in it")]
    [InlineData("<script>")]
    public async Task Missing_or_unusable_request_id_is_replaced_by_a_generated_one(string? given)
    {
        var client = (await hosts.Standalone).Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health");
        if (given is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Request-ID", given);
        }
        using var response = await client.SendAsync(request);
        var id = response.Headers.GetValues("X-Request-ID").Single();
        Assert.NotEqual(given, id);
        Assert.Matches("^[0-9a-f]{32}$", id);
    }

    [Fact]
    public async Task Every_log_line_of_a_request_carries_its_request_id()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await StandaloneGateway.StartAsync(logs: logs);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cameras")
        {
            Content = new StringContent("""{"id":"logged-cam","source_type":"http_push"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Request-ID", "trace-me-123");
        await ApiAssert.StatusAsync(await host.As(ApiRoles.Admin).SendAsync(request), HttpStatusCode.Created);
        using var refused = new HttpRequestMessage(HttpMethod.Get, "/api/cameras/bad$id");
        refused.Headers.Add("X-Request-ID", "trace-me-456");
        await host.As(ApiRoles.Admin).SendAsync(refused);

        // Every line logged while the requests ran (ASP.NET's own, the exception handler's) has the id.
        var requestLines = logs.Entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.Routing", StringComparison.Ordinal)
            || e.Category.StartsWith("IngestionCluster.Gateway.Errors", StringComparison.Ordinal)).ToList();
        Assert.Contains(requestLines, e => Equals(e.Scope.GetValueOrDefault("RequestId"), "trace-me-123"));
        var refusal = Assert.Single(logs.Entries, e => e.Category.EndsWith("GatewayExceptionHandler", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, refusal.Level);
        Assert.Equal("trace-me-456", refusal.Scope["RequestId"]);
        Assert.All(requestLines, e => Assert.True(e.Scope.TryGetValue("RequestId", out var id) && id is "trace-me-123" or "trace-me-456",
            $"'{e.Message}' has no request id"));
    }
}
