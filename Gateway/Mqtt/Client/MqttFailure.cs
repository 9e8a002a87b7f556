using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using MQTTnet;
using MQTTnet.Exceptions;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>One line an operator can act on, for a failed connection attempt or a lost connection.</summary>
internal static class MqttFailure
{
    /// <param name="elapsed">How long the attempt ran, when known: a cancellation well before the timeout is no timeout.</param>
    public static string DescribeConnectFailure(
        Exception exception, MqttBrokerAddress broker, MqttTrustAnchors trust, TimeSpan connectTimeout, TimeSpan? elapsed = null)
    {
        if (exception is MqttConnectRefusedException or MqttSubscriptionRejectedException)
        {
            return exception.Message;
        }
        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return trust.LastFailure is { } reason
                ? $"TLS handshake with {broker} failed: the broker's certificate is rejected: {reason}"
                : $"TLS handshake with {broker} failed: {tls.Message}";
        }
        if (Find<SocketException>(exception) is { } socket)
        {
            return $"cannot reach {broker}: {socket.Message}";
        }
        if (exception is OperationCanceledException && elapsed < connectTimeout * 0.9)
        {
            // MQTTnet cancels its pending connect when the connection closes under it (the broker ending it, say).
            return $"connecting to {broker} was cut off after {elapsed.Value.TotalMilliseconds:0} ms, before the connection and its subscription were set up";
        }
        if (exception is OperationCanceledException || Find<MqttCommunicationTimedOutException>(exception) is not null)
        {
            return $"no answer from {broker} within {connectTimeout}";
        }
        return $"{exception.GetType().Name}: {exception.Message}";
    }

    public static string DescribeDisconnect(MqttClientDisconnectedEventArgs disconnect, MqttBrokerAddress broker)
    {
        var exception = disconnect.Exception;
        if (exception is OperationCanceledException || (exception is not null && Find<MqttCommunicationTimedOutException>(exception) is not null))
        {
            // While connected, only the keep-alive ping waits for an answer with a deadline.
            return $"{broker} stopped answering (keep-alive ping timed out)";
        }
        if (exception is not null && Find<SocketException>(exception) is { } socket)
        {
            return $"network error: {socket.Message}";
        }
        if (disconnect.Reason == MqttClientDisconnectReason.SessionTakenOver)
        {
            return "another client connected with this client id (session taken over): each gateway needs its own Mqtt__ClientId";
        }
        if (disconnect.Reason != MqttClientDisconnectReason.NormalDisconnection)
        {
            var detail = string.IsNullOrEmpty(disconnect.ReasonString) ? string.Empty : $": {disconnect.ReasonString}";
            return $"the broker closed the connection ({Words(disconnect.Reason.ToString())}){detail}";
        }
        return exception is null ? "the connection was closed" : $"{exception.GetType().Name}: {exception.Message}";
    }

    /// <summary>Failures whose one line says it all; others are logged with their stack trace.</summary>
    public static bool IsExpected(Exception exception) =>
        exception is MqttConnectRefusedException or MqttSubscriptionRejectedException or OperationCanceledException or MqttCommunicationException
        || Find<AuthenticationException>(exception) is not null
        || Find<SocketException>(exception) is not null
        || Find<IOException>(exception) is not null;

    /// <summary><c>BadUserNameOrPassword</c> → <c>bad user name or password</c>.</summary>
    public static string Words(string pascalCase)
    {
        var words = new StringBuilder();
        foreach (var c in pascalCase)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }
            words.Append(char.ToLowerInvariant(c));
        }
        return words.ToString();
    }

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }
        return null;
    }
}
