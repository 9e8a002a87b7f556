using System.Net;

namespace IngestionCluster.Tests.Cluster.Outages;

/// <summary>One answer the gateway gave during an outage test: what was asked, the status, and what a client needs to retry.</summary>
/// <param name="Operation">What was asked (<c>push</c>, <c>upload</c>, <c>register</c>).</param>
/// <param name="Subject">The camera the call was about.</param>
/// <param name="Status">The HTTP status; null when the call failed without an answer.</param>
/// <param name="RetryAfter">The <c>Retry-After</c> header, if any.</param>
/// <param name="ContentType">The media type of the body.</param>
/// <param name="Body">The body (JSON for a success, problem details for a refusal), or the transport error.</param>
/// <param name="At">When the answer came.</param>
internal sealed record HttpAnswer(string Operation, string Subject, HttpStatusCode? Status, string? RetryAfter, string? ContentType, string Body, DateTimeOffset At)
{
    public bool IsSuccess => Status is { } status && (int)status is >= 200 and < 300;

    public bool IsUnavailable => Status is HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    public override string ToString() => $"{At:HH:mm:ss.fff} {Operation} {Subject}: {(Status is { } s ? ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer")} "
        + $"retry-after={RetryAfter ?? "-"} {ContentType ?? "-"} {(Body.Length > 300 ? Body[..300] + "…" : Body)}";
}
