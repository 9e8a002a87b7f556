using IngestionCluster.Bench.CameraFrames;
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
          camera-frames [--seconds 10] [--out results.json] [--cameras 8] [--concurrency 16] [--memory-cameras 40]
          mqtt-chunks   [--cameras 100] [--fps 1] [--image-kb 150] [--chunks 15] [--seconds 30] [--cluster 2] [--max] [--connections 4] [--out results.json]
          rtsp          [--cameras 1,5,10] [--fps 1] [--seconds 30] [--settle 10] [--source-fps 10] [--out results.json]
        """;

    public static async Task<int> Main(string[] args)
    {
        // Servers the benchmarks start (Redis, PostgreSQL, …) are the test fixtures' guarded processes: they end with this process.
        var arguments = new BenchArguments(args);
        switch (arguments.Scenario)
        {
            case "camera-frames":
                await CameraFramesBenchmark.RunAsync(arguments);
                return 0;
            case "mqtt-chunks":
                await MqttChunksBenchmark.RunAsync(arguments);
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
