using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace IngestionCluster.Storage.S3;

/// <summary>Which S3 failures may go away by themselves, and how to describe any failure in one line.</summary>
internal static class S3Errors
{
    // Error codes that mean "try again" whatever the status; S3's RequestTimeout comes with HTTP 400.
    private static readonly HashSet<string> _transientCodes = new(StringComparer.Ordinal)
    {
        "SlowDown", "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottled",
        "RequestThrottledException", "TooManyRequestsException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable", "OperationAborted",
        "PriorRequestNotComplete", "IDPCommunicationError",
    };

    public static bool IsTransient(Exception exception)
    {
        if (exception is AmazonServiceException { StatusCode: not 0 } service)
        {
            if (service.ErrorCode is { } code && _transientCodes.Contains(code))
            {
                return true;
            }
            var status = (int)service.StatusCode;
            // 501 (not implemented) and 505 say the server never will: trying again cannot help.
            return (status >= 500 && status is not 501 and not 505) || status is 408 or 429;
        }
        // No response at all: look for the network-level cause.
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case HttpRequestException:
                case SocketException:
                case IOException:
                case TimeoutException:
                case OperationCanceledException:
                    return true;
            }
        }
        return false;
    }

    public static bool IsNotFound(AmazonServiceException exception) => exception.StatusCode == HttpStatusCode.NotFound;

    /// <summary>One line, outermost cause first, without secrets (the SDK's messages hold none).</summary>
    public static string Describe(Exception exception)
    {
        if (exception is AmazonServiceException { StatusCode: not 0 } service)
        {
            var code = string.IsNullOrEmpty(service.ErrorCode) ? service.StatusCode.ToString() : service.ErrorCode;
            return $"{code} (HTTP {(int)service.StatusCode}): {service.Message}";
        }
        var messages = new List<string>();
        for (var e = exception; e is not null && messages.Count < 4; e = e.InnerException)
        {
            if (!string.IsNullOrWhiteSpace(e.Message) && !messages.Any(m => m.Contains(e.Message, StringComparison.Ordinal)))
            {
                messages.Add(e.Message.Trim());
            }
        }
        return messages.Count == 0 ? exception.GetType().Name : string.Join(" → ", messages);
    }
}
