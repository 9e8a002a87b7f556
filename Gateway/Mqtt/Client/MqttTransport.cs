using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Opens the byte stream to the broker: TCP, wrapped in TLS for <c>mqtts://</c>.</summary>
internal static class MqttTransport
{
    /// <summary>Connects within <paramref name="cancellationToken"/>; the caller owns (and disposes) the stream.</summary>
    public static async Task<Stream> OpenAsync(MqttBrokerAddress address, MqttTrustAnchors trust, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        Stream? stream = null;
        try
        {
            await socket.ConnectAsync(address.Host, address.Port, cancellationToken).ConfigureAwait(false);
            stream = new NetworkStream(socket, ownsSocket: true);
            if (!address.UseTls)
            {
                return stream;
            }
            var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            stream = tls;
            var options = new SslClientAuthenticationOptions
            {
                TargetHost = address.Host,
                RemoteCertificateValidationCallback = trust.Validate,
            };
            try
            {
                await tls.AuthenticateAsClientAsync(options, cancellationToken).ConfigureAwait(false);
            }
            catch (AuthenticationException ex) when (trust.LastFailure is { } reason)
            {
                throw new AuthenticationException($"TLS handshake with {address} failed: the broker's certificate is rejected: {reason}", ex);
            }
            return tls;
        }
        catch
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                socket.Dispose();
            }
            throw;
        }
    }
}
