using System.Globalization;
using IngestionCluster.Bench.Infrastructure;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary>Who one echo silo process is and where it listens; passed on its command line.</summary>
public sealed record EchoSiloEndpoint(string Name, string Redis, string ClusterId, int SiloPort, int GatewayPort)
{
    public IEnumerable<string> ToArguments() =>
    [
        "--name", Name, "--redis", Redis, "--cluster-id", ClusterId,
        "--silo-port", SiloPort.ToString(CultureInfo.InvariantCulture), "--gateway-port", GatewayPort.ToString(CultureInfo.InvariantCulture),
    ];

    public static EchoSiloEndpoint FromArguments(BenchArguments arguments) => new(
        arguments.String("name") ?? "echo-silo",
        arguments.String("redis") ?? throw new ArgumentException("--redis is required"),
        arguments.String("cluster-id") ?? throw new ArgumentException("--cluster-id is required"),
        arguments.Int("silo-port", 0),
        arguments.Int("gateway-port", 0));
}
