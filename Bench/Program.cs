using IngestionCluster.Bench.CameraFrames;
using IngestionCluster.Bench.Failover;
using IngestionCluster.Bench.GrainCalls;
using IngestionCluster.Bench.MqttChunks;
using IngestionCluster.Bench.Rtsp;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench;

/// <summary>
/// Benchmarks that print numbers and write JSON:
/// <c>dotnet run -c Release --project Bench -- SCENARIO --seconds 10 --out results.json</c>.
/// </summary>
public static class Program
{
    private const string Usage = """
        usage: dotnet run -c Release --project Bench -- SCENARIO [options]
          grain-calls   [--seconds 10] [--warmup 3] [--concurrency 256] [--payload 200] [--keys 1024] [--gateway-connections 1] [--raw-connections 4] [--slice 1]
                        [--only in_process,cross_process,cross_process_default_placement,raw_loopback,raw_loopback_per_message] [--out results.json]
          camera-frames [--seconds 10] [--warmup 3] [--slice 1] [--cameras 8] [--concurrency 16] [--memory-cameras 40] [--out results.json]
          mqtt-chunks   [--cluster 2] [--cameras 100] [--fps 1] [--image-kb 150] [--chunks 15] [--seconds 30] [--warmup 5] [--drain 15]
                        [--max [--max-rates 20,40,60,...] [--step-seconds 10] [--max-p99-ms 1000]] [--out results.json]
          failover      [--cameras 30] [--fps 1] [--push-cameras 8] [--push-fps 5] [--warmup 10] [--seconds 10] [--image-kb 150] [--chunks 15] [--out results.json]
          rtsp          [--cameras 1,5,10] [--fps 1] [--seconds 30] [--settle 10] [--source-fps 10] [--out results.json]
        """;

    public static async Task<int> Main(string[] args)
    {
        // Servers the benchmarks start (Redis, PostgreSQL, …) are the test fixtures' guarded processes: they end with this process.
        var arguments = new BenchArguments(args);
        switch (arguments.Scenario)
        {
            case "grain-calls":
                await GrainCallsBenchmark.RunAsync(arguments);
                return 0;
            case EchoSiloCommand.Scenario:
                await EchoSiloCommand.RunAsync(arguments);
                return 0;
            case "camera-frames":
                await CameraFramesBenchmark.RunAsync(arguments);
                return 0;
            case "mqtt-chunks":
                await MqttChunksBenchmark.RunAsync(arguments);
                return 0;
            case "failover":
                await FailoverBenchmark.RunAsync(arguments);
                return 0;
            case "rtsp":
                await RtspBenchmark.RunAsync(arguments);
                return 0;
            default:
                await Console.Error.WriteLineAsync(Usage);
                return 2;
        }
    }
}
