using System.Globalization;
using System.Net;
using System.Net.Sockets;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Cluster;

/// <summary>
/// An Orleans client that reaches a silo's ports calls grains without the gateways' authentication: a silo advertised
/// on loopback (as <c>deploy/local-cluster.sh</c> runs them) must not listen on the network.
/// </summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class SiloListeningAddressTests
{
    private const string LoopbackHex = "0100007F";
    private const string AnyHex = "00000000";

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("")]
    public async Task A_silo_listens_on_loopback_only_when_it_advertises_loopback(string advertised)
    {
        // Unset, the silo advertises the host's first non-loopback IPv4 address, or loopback on a host without one.
        var listeningHex = advertised.Length == 0 && HasNonLoopbackIPv4() ? AnyHex : LoopbackHex;
        var settings = await ClusterSettings.CreateAsync("listen");
        var siloPort = FreePort.Next();
        var gatewayPort = FreePort.Next();
        settings["Cluster__AdvertisedAddress"] = advertised;
        settings["Cluster__SiloName"] = "listen-silo";
        settings["Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        settings["Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        await using var silo = await ProductProcess.StartAsync("Silo", "listen-silo", settings);
        await silo.WaitUntilReadyAsync();

        foreach (var port in new[] { siloPort, gatewayPort })
        {
            var addresses = ListeningAddresses(port);
            Assert.True(addresses.SequenceEqual([listeningHex]), $"port {port} listens on {string.Join(", ", addresses)} (/proc/net/tcp hex), not only {listeningHex}");
        }
    }

    private static bool HasNonLoopbackIPv4() =>
        Dns.GetHostAddresses(Dns.GetHostName()).Any(address => address.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(address));

    /// <summary>The local addresses of the IPv4 sockets listening on <paramref name="port"/>, as /proc/net/tcp writes them.</summary>
    private static List<string> ListeningAddresses(int port)
    {
        const string Listen = "0A";
        var portHex = port.ToString("X4", CultureInfo.InvariantCulture);
        return [.. File.ReadLines("/proc/net/tcp").Skip(1)
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields[3] == Listen && fields[1].EndsWith($":{portHex}", StringComparison.Ordinal))
            .Select(fields => fields[1].Split(':')[0])];
    }
}
