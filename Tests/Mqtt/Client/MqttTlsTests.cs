using System.Diagnostics;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Tests.Fixtures;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary><c>mqtts://</c> against a real Mosquitto TLS listener whose certificate a private CA issued.</summary>
public sealed class MqttTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan _patience = TimeSpan.FromSeconds(20);
    private TlsMosquittoServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServers.StartPrivateAsync<TlsMosquittoServer>();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task The_subscriber_talks_tls_to_a_broker_whose_certificate_the_ca_file_trusts()
    {
        var collector = new MessageCollector();
        await using var subscriber = new MqttSubscriber(Options(_server.BrokerUrl, _server.CaFile), "tls/echo", collector.HandleAsync, new TestLogger<MqttSubscriber>(output));
        await subscriber.StartAsync();
        await subscriber.WaitUntilConnectedAsync().WaitAsync(_patience);

        await PublishOverTlsAsync("over tls");

        await collector.WaitForCountAsync(1);
        Assert.Equal("over tls", collector.Payloads[0]);
    }

    [Fact]
    public async Task A_broker_certificate_from_an_unknown_ca_is_rejected_with_the_reason()
    {
        var error = await FirstConnectErrorAsync(Options(_server.BrokerUrl, caFile: null));

        Assert.Contains($"TLS handshake with {_server.BrokerUrl} failed: the broker's certificate is rejected: RemoteCertificateChainErrors", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ca_file_that_did_not_sign_the_broker_certificate_does_not_help()
    {
        var error = await FirstConnectErrorAsync(Options(_server.BrokerUrl, _server.UnrelatedCaFile));

        Assert.Contains("not trusted by the system store nor by Mqtt:CaFile", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_certificate_for_another_host_name_is_still_rejected()
    {
        var error = await FirstConnectErrorAsync(Options($"mqtts://localhost:{_server.Port}", _server.CaFile));

        Assert.Contains("RemoteCertificateNameMismatch", error, StringComparison.Ordinal);
    }

    private async Task<string> FirstConnectErrorAsync(MqttOptions options)
    {
        await using var subscriber = new MqttSubscriber(options, "tls/echo", new MessageCollector().HandleAsync, new TestLogger<MqttSubscriber>(output));
        await subscriber.StartAsync();
        await Eventually.TrueAsync(() => subscriber.Statistics.Snapshot().ConnectFailures >= 1, _patience, "the connection attempt fails");
        var counters = subscriber.Statistics.Snapshot();
        Assert.Equal(0, counters.Connects);
        return counters.LastError!;
    }

    private async Task PublishOverTlsAsync(string message)
    {
        var psi = new ProcessStartInfo(RequiredBinary.Find("mosquitto_pub", "mosquitto-clients"))
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", _server.Host, "-p", _server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--cafile", _server.CaFile, "-t", "tls/echo", "-q", "1", "-m", message })
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"mosquitto_pub failed: {error}");
    }

    private static MqttOptions Options(string url, string? caFile) => new()
    {
        BrokerUrl = url,
        CaFile = caFile,
        ClientId = MosquittoTestOptions.UniqueId("tls"),
        CleanStart = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };
}
