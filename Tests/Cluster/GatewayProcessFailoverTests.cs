using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// A silo killed under HTTP traffic through the Gateway executable with auth on: while its cameras are unreachable
/// every answer is 503 or 504 with <c>Retry-After</c> (never 500), and retrying succeeds once the survivor took over.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class GatewayProcessFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan _recoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Killing_the_silo_of_a_camera_gives_503_or_504_with_retry_after_until_a_retry_succeeds()
    {
        await using var cluster = await SecuredCluster.StartAsync("gw-failover");
        var admin = cluster.As(ApiRoles.Admin);
        var ingest = cluster.As(ApiRoles.Ingest);
        var viewer = cluster.As(ApiRoles.Viewer);
        var cameras = Enumerable.Range(0, 6).Select(i => $"failover-{i}-{Guid.NewGuid().ToString("N")[..6]}").ToArray();
        var homes = new Dictionary<string, string>();
        foreach (var camera in cameras)
        {
            await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "http_push", persist = new { mode = "none" } }),
                HttpStatusCode.Created);
            homes[camera] = (await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/cameras/{camera}"), HttpStatusCode.OK)).GetProperty("silo").GetString()!;
        }
        var victim = cluster.Cluster.Silos.Single(s => s.Name == homes[cameras[0]]);
        var doomed = cameras.Where(c => homes[c] == victim.Name).ToArray();
        var answers = new ConcurrentQueue<Answer>();
        var sequences = new ConcurrentDictionary<string, ConcurrentBag<long>>();
        var clock = Stopwatch.StartNew();
        TimeSpan? killedAt = null;

        // Steady traffic, back to back: pushes (ingest) and reads (viewer) of each camera of the silo about to die,
        // so that calls are in flight at the kill.
        using var stop = new CancellationTokenSource();
        var steady = doomed.SelectMany(camera => new[] { (Client: ingest, Kind: "push", Camera: camera), (Client: viewer, Kind: "read", Camera: camera) })
            .Select(call => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    if (!await CallAsync(call.Client, call.Kind, call.Camera, clock, killedAt, answers, sequences))
                    {
                        await Task.Delay(200);
                    }
                }
            })).ToArray();
        await Eventually.TrueAsync(() => answers.Count(a => a.Kind == "push" && a.Status == 200) >= doomed.Length, TimeSpan.FromSeconds(30), "traffic flows before the kill");

        await victim.KillAsync();
        killedAt = clock.Elapsed;

        // New calls after the kill, as clients retrying on Retry-After would make them: every 250 ms a push and a read of
        // each camera, each on its own, until every camera answered both successfully (a retry succeeds).
        var probes = new List<Task>();
        while (!doomed.All(camera => Recovered(answers, camera)))
        {
            Assert.True(clock.Elapsed - killedAt < _recoveryDeadline, $"every camera answers again within {_recoveryDeadline.TotalSeconds} s of the kill");
            probes.AddRange(doomed.SelectMany(camera => new[]
            {
                CallAsync(ingest, "push", camera, clock, killedAt, answers, sequences),
                CallAsync(viewer, "read", camera, clock, killedAt, answers, sequences),
            }));
            await Task.Delay(250);
        }
        await stop.CancelAsync();
        await Task.WhenAll(steady.Concat(probes));

        foreach (var group in answers.GroupBy(a => (a.Kind, a.AfterKill, a.Status)).OrderBy(g => g.Key))
        {
            output.WriteLine($"{group.Key.Kind} {(group.Key.AfterKill ? "sent after the kill" : "sent before the kill")}: {group.Key.Status} x{group.Count()}, " +
                $"slowest {group.Max(a => a.Elapsed).TotalSeconds:0.0} s{(group.Key.Status >= 300 ? $", e.g. {group.First().Detail}" : "")}");
        }
        var firstRetrySuccess = answers.Where(a => a.AfterKill && a.Status is >= 200 and < 300).Min(a => a.Started) - killedAt.Value;
        output.WriteLine($"first successful call sent {firstRetrySuccess.TotalSeconds:0.0} s after the kill");
        var failures = answers.Where(a => a.Status is < 200 or > 299).ToList();
        var unexpected = failures.Where(a => a.Status is not (503 or 504) || a.RetryAfter is null).ToList();
        Assert.True(unexpected.Count == 0, "answers other than 503/504 with Retry-After during the failover:\n" + string.Join("\n", unexpected.Take(10)) +
            "\nGateway log:\n" + string.Join("\n", cluster.Gateway.Log().Split('\n').Where(l => l.Contains("fail:", StringComparison.Ordinal)).Take(20)));
        Assert.True(failures.Count > 0, "the kill interrupted the traffic (otherwise this test shows nothing about failover answers)");
        foreach (var camera in doomed)
        {
            var info = await ApiAssert.StatusAsync(await viewer.GetAsync($"/api/cameras/{camera}"), HttpStatusCode.OK);
            Assert.NotEqual(victim.Name, info.GetProperty("silo").GetString());
            // No sequence handed out twice, across the two activations.
            Assert.Equal(sequences[camera].Count, sequences[camera].Distinct().Count());
        }
    }

    /// <summary>One call, recorded; whether it succeeded.</summary>
    private static async Task<bool> CallAsync(HttpClient client, string kind, string camera, Stopwatch clock, TimeSpan? killedAt,
        ConcurrentQueue<Answer> answers, ConcurrentDictionary<string, ConcurrentBag<long>> sequences)
    {
        var started = clock.Elapsed;
        using var request = kind == "push" ? Push(camera) : new HttpRequestMessage(HttpMethod.Get, $"/api/cameras/{camera}");
        try
        {
            using var response = await client.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            answers.Enqueue(new Answer(kind, camera, killedAt is not null, status, response.Headers.RetryAfter?.ToString(),
                status >= 300 ? Detail(body) : null, started, clock.Elapsed - started));
            if (response.IsSuccessStatusCode && kind == "push")
            {
                sequences.GetOrAdd(camera, _ => []).Add(JsonDocument.Parse(body).RootElement.GetProperty("sequence").GetInt64());
            }
            return response.IsSuccessStatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            // No answer at all (the connection failed, or the client's 60 s timeout passed): recorded, and reported
            // with the other unexpected answers instead of ending the traffic loop with an exception.
            answers.Enqueue(new Answer(kind, camera, killedAt is not null, 0, null, $"no HTTP answer: {e.Message}", started, clock.Elapsed - started));
            return false;
        }
    }

    private static bool Recovered(IEnumerable<Answer> answers, string camera) =>
        answers.Any(a => a.Camera == camera && a.AfterKill && a.Kind == "push" && a.Status == 200)
        && answers.Any(a => a.Camera == camera && a.AfterKill && a.Kind == "read" && a.Status == 200);

    private static HttpRequestMessage Push(string camera) => new(HttpMethod.Post, $"/api/ingest/push/{camera}")
    {
        Content = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new MediaTypeHeaderValue("image/jpeg") } },
    };

    private static string Detail(string body)
    {
        try
        {
            using var problem = JsonDocument.Parse(body);
            return $"{problem.RootElement.GetProperty("title").GetString()}: {problem.RootElement.GetProperty("detail").GetString()}";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    /// <summary>An answer: to what, whether the call was sent after the kill, its status and Retry-After, the problem's title and detail, when the call was sent and how long it took.</summary>
    private sealed record Answer(string Kind, string Camera, bool AfterKill, int Status, string? RetryAfter, string? Detail, TimeSpan Started, TimeSpan Elapsed);
}
