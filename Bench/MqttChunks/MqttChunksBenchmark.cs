using IngestionCluster.Bench.Cameras;
using IngestionCluster.Bench.Cluster;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench.MqttChunks;

/// <summary>
/// Cameras publish 150 KB images in 15 base64 chunks with QoS 1 (MQTTnet) through Mosquitto to the gateway
/// process, which hands them to the silo processes; they stage, assemble and store every image (s3rver blob,
/// PostgreSQL row). <c>steady</c>: 100 cameras at 1 fps, latency from the last chunk sent to the commit, measured
/// once the warm-up has run its time and the JIT has died down (<see cref="SteadyStart"/>).
/// With <c>--max</c>, <c>sustained_max</c>: the highest rate sustained (see <see cref="SustainedRateSearch"/>).
/// </summary>
public static class MqttChunksBenchmark
{
    public static async Task RunAsync(BenchArguments arguments)
    {
        var silos = arguments.Int("cluster", 2);
        if (silos < 1)
        {
            throw new ArgumentException("mqtt-chunks runs the product as processes: --cluster N needs N >= 1 silos.");
        }
        var cameras = arguments.Int("cameras", 100);
        var fps = arguments.Double("fps", 1);
        var imageBytes = arguments.Int("image-kb", 150) * 1024;
        var chunks = arguments.Int("chunks", 15);
        var warmup = TimeSpan.FromSeconds(arguments.Double("warmup", 5));
        var drain = TimeSpan.FromSeconds(arguments.Double("drain", 15));

        await using var cluster = await BenchCluster.StartAsync("mqtt-bench", silos);
        await using var commits = await ImageCommits.SubscribeAsync(cluster.RedisConfiguration);
        await using var fleet = await MqttCameraFleet.ConnectAsync(cluster.Mosquitto, cluster.TopicRoot, "cam", cameras, imageBytes, chunks);
        Console.WriteLine($"{cameras} cameras connected; {imageBytes / 1024} KB images in {chunks} chunks; {silos} silo(s), 1 gateway");

        // One image per camera first: the cameras register and the cluster warms up before anything is measured.
        await fleet.PublishOneEachAsync();
        using var jit = new JitActivity([.. cluster.Processes.Silos.Concat(cluster.Processes.Gateways).Select(p => p.BaseAddress)]);
        var steadyStart = new SteadyStart(jit, arguments.Double("jit-quiet", 0.05), TimeSpan.FromSeconds(arguments.Double("warmup-limit", 240)));
        var steady = await MqttLoadStep.RunAsync("steady", fleet, commits, fps, warmup, TimeSpan.FromSeconds(arguments.Double("seconds", 30)), drain, steadyStart);
        var results = new List<BenchMeasurement> { steady with { Extra = new(steady.Extra!) { ["silos"] = silos } } };
        if (arguments.Flag("max"))
        {
            var sustained = await SustainedRateSearch.RunAsync(fleet, commits, SustainedRateSearch.ParseRates(arguments.String("max-rates")),
                TimeSpan.FromSeconds(arguments.Double("step-seconds", 10)), drain, arguments.Double("max-p99-ms", 1000));
            if (sustained is null)
            {
                Console.WriteLine("-- no rate of the search was sustained");
            }
            else
            {
                results.Add(sustained with { Extra = new(sustained.Extra!) { ["silos"] = silos } });
            }
        }

        await new BenchReport("mqtt-chunks", results, new Dictionary<string, double>())
        {
            Targets = new Dictionary<string, string>
            {
                ["steady p99_ms (100 cameras x 1 fps, 150 KB in 15 chunks)"] = "< 100",
                ["sustained_max ops_per_s (images/s)"] = ">= 200, 300 if possible",
            },
        }.WriteAsync(arguments.OutputPath);
    }
}
