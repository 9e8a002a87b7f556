using System.Diagnostics;
using System.Net;

namespace IngestionCluster.Tests.Processes;

/// <summary>Dashboards keep an event stream open all the time: a stopping process must not wait for it.</summary>
public sealed class ShutdownWithOpenEventStreamTests
{
    [Fact]
    public async Task A_silo_with_an_open_event_stream_stops_at_once_and_gracefully()
    {
        await using var silo = await ProductProcess.StartSiloAsync("sse-stop", new Dictionary<string, string> { ["Auth__Enabled"] = "false" });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        using var response = await http.GetAsync("api/events", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var events = await response.Content.ReadAsStreamAsync();
        var streamEnded = DrainAsync(events);

        var clock = Stopwatch.StartNew();
        // SIGTERM; the process is killed if it is still there after 20 s (the host's own shutdown timeout is 30 s).
        await silo.StopAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(12), $"the silo took {clock.Elapsed.TotalSeconds:0.0} s to stop with a stream open\n{silo.Log()}");
        Assert.DoesNotContain("non-graceful", silo.Log(), StringComparison.Ordinal);
        await streamEnded.WaitAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task DrainAsync(Stream events)
    {
        var buffer = new byte[4096];
        try
        {
            while (await events.ReadAsync(buffer) > 0)
            {
            }
        }
        catch (IOException)
        {
            // The connection closed under the read: the stream ended all the same.
        }
        catch (HttpRequestException)
        {
        }
    }
}
