using System.Globalization;
using IngestionCluster.Runtime.Processes;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// A private RabbitMQ 3.10 node run as the 'rabbitmq' OS user. Its Erlang port mapper (epmd) runs in
/// the foreground inside the guarded process group on a private port, so it is stopped with the node
/// instead of lingering as a daemon.
/// </summary>
public sealed class RabbitMqServer : ServerProcess
{
    private const string OsUser = "rabbitmq";
    private const string Package = "rabbitmq-server";

    public RabbitMqServer() : base("rabbitmq", OsUser)
    {
        Port = FreePort.Next();
        DistributionPort = FreePort.Next();
        EpmdPort = FreePort.Next();
    }

    public int Port { get; }

    public int DistributionPort { get; }

    public int EpmdPort { get; }

    public string NodeName => $"rabbit-{Port}@localhost";

    public Uri AmqpUri => new($"amqp://guest:guest@{Host}:{Port}/");

    protected override TimeSpan StartTimeout => TimeSpan.FromSeconds(90);

    public ConnectionFactory CreateConnectionFactory() => new() { Uri = AmqpUri, ClientProvidedName = "tests" };

    protected override Task PrepareAsync(CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Directory.Combine("mnesia"));
        System.IO.Directory.CreateDirectory(Directory.Combine("log"));
        File.WriteAllText(Directory.Combine("enabled_plugins"), "[].\n");
        File.WriteAllText(Directory.Combine("rabbitmq.conf"), string.Join('\n',
            "loopback_users = none",
            $"listeners.tcp.1 = 127.0.0.1:{Port}",
            "disk_free_limit.absolute = 50MB",
            "vm_memory_high_watermark.relative = 0.6",
            "log.console = false",
            "log.file.level = info",
            ""));
        TempDirectory.ChangeOwner(Directory.Path, OsUser);
        return Task.CompletedTask;
    }

    protected override GuardedProcessStartInfo CreateStartInfo()
    {
        var server = RequiredBinary.Find("rabbitmq-server", Package, "/usr/lib/rabbitmq/bin");
        var epmd = RequiredBinary.Find("epmd", "erlang-base", "/usr/lib/erlang/erts-*/bin");
        var port = EpmdPort.ToString(CultureInfo.InvariantCulture);
        return new GuardedProcessStartInfo("sh", ["-c", $"'{epmd}' -port {port} & exec '{server}'"])
        {
            RunAsUser = OsUser,
            WorkingDirectory = Directory.Path,
            StopGracePeriod = TimeSpan.FromSeconds(10),
            Environment = new Dictionary<string, string>
            {
                ["HOME"] = Directory.Path,
                ["ERL_EPMD_PORT"] = port,
                ["RABBITMQ_NODENAME"] = NodeName,
                ["RABBITMQ_NODE_IP_ADDRESS"] = Host,
                ["RABBITMQ_NODE_PORT"] = Port.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_DIST_PORT"] = DistributionPort.ToString(CultureInfo.InvariantCulture),
                ["RABBITMQ_MNESIA_BASE"] = Directory.Combine("mnesia"),
                ["RABBITMQ_LOG_BASE"] = Directory.Combine("log"),
                ["RABBITMQ_CONFIG_FILE"] = Directory.Combine("rabbitmq.conf"),
                ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Directory.Combine("enabled_plugins"),
                ["RABBITMQ_PID_FILE"] = Directory.Combine("rabbit.pid"),
            },
        };
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        if (!await TcpPortOpenAsync(Host, Port, cancellationToken))
        {
            return false;
        }
        try
        {
            var factory = CreateConnectionFactory();
            factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(2);
            await using var connection = await factory.CreateConnectionAsync(cancellationToken);
            return connection.IsOpen;
        }
        catch (BrokerUnreachableException)
        {
            return false;
        }
    }
}
