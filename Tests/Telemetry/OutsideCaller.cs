using OpenTelemetry;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>
/// Sends a request as a process outside the hosts would: untraced. Hosts running in the test process
/// instrument every HttpClient in it, and their instrumentation would replace a <c>traceparent</c> the
/// test sets with one of its own client span.
/// </summary>
internal static class OutsideCaller
{
    public static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpRequestMessage request)
    {
        using (SuppressInstrumentationScope.Begin())
        {
            return await client.SendAsync(request);
        }
    }
}
