using System.Security.Authentication;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Gateway.Mqtt.Protocol;
using IngestionCluster.Tests.Fixtures;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary><c>mqtts://</c> against a real Mosquitto TLS listener whose certificate a private CA issued.</summary>
public sealed class MqttTlsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly TestLogger<MqttConnection> _logger = new(output);
    private TlsMosquittoServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServers.StartPrivateAsync<TlsMosquittoServer>();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Client_talks_tls_to_a_broker_whose_certificate_the_ca_file_trusts()
    {
        var collector = new MessageCollector();
        await using var connection = await MqttConnection.ConnectAsync(Options(_server.BrokerUrl, _server.CaFile), collector.HandleAsync, _logger, CancellationToken.None);

        await connection.SubscribeAsync("tls/echo");
        await connection.PublishAsync("tls/echo", "over tls"u8.ToArray(), MqttQualityOfService.AtLeastOnce);
        await collector.WaitForCountAsync(1);

        Assert.Equal("over tls", collector.Payloads[0]);
    }

    [Fact]
    public async Task Broker_certificate_from_an_unknown_ca_is_rejected_with_the_reason()
    {
        var error = await Assert.ThrowsAsync<AuthenticationException>(() =>
            MqttConnection.ConnectAsync(Options(_server.BrokerUrl, caFile: null), null, _logger, CancellationToken.None));

        Assert.Contains($"TLS handshake with {_server.BrokerUrl} failed: the broker's certificate is rejected: RemoteCertificateChainErrors", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ca_file_that_did_not_sign_the_broker_certificate_does_not_help()
    {
        var error = await Assert.ThrowsAsync<AuthenticationException>(() =>
            MqttConnection.ConnectAsync(Options(_server.BrokerUrl, _server.UnrelatedCaFile), null, _logger, CancellationToken.None));

        Assert.Contains("not trusted by the system store nor by Mqtt:CaFile", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trusted_certificate_for_another_host_name_is_still_rejected()
    {
        var error = await Assert.ThrowsAsync<AuthenticationException>(() =>
            MqttConnection.ConnectAsync(Options($"mqtts://localhost:{_server.Port}", _server.CaFile), null, _logger, CancellationToken.None));

        Assert.Contains("RemoteCertificateNameMismatch", error.Message, StringComparison.Ordinal);
    }

    private static MqttOptions Options(string url, string? caFile) => new()
    {
        BrokerUrl = url,
        CaFile = caFile,
        ClientId = MosquittoTestOptions.UniqueId("tls"),
        CleanSession = true,
        ConnectTimeout = TimeSpan.FromSeconds(5),
    };
}
