using System.Globalization;
using IngestionCluster.ServiceDefaults.Processes;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// A private Redis 7 server with an append-only file in its temp folder, so a restart on the same port
/// keeps what was written (membership, the grain directory, staged chunks).
/// </summary>
public sealed class RedisServer : ServerProcess
{
    private const string Package = "redis-server";

    public RedisServer() : base("redis")
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string (<c>Redis__Configuration</c>).</summary>
    public string Configuration => $"{Host}:{Port}";

    protected override GuardedProcessStartInfo CreateStartInfo()
    {
        var redis = RequiredBinary.Find("redis-server", Package, "/usr/bin");
        return new GuardedProcessStartInfo(redis,
        [
            "--port", Port.ToString(CultureInfo.InvariantCulture),
            "--bind", Host,
            "--dir", Directory.Path,
            "--save", "",
            "--appendonly", "yes",
            "--protected-mode", "no",
            "--daemonize", "no",
        ])
        {
            LogFile = LogFile,
            StopGracePeriod = TimeSpan.FromSeconds(5),
        };
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        TcpPortOpenAsync(Host, Port, cancellationToken);
}
