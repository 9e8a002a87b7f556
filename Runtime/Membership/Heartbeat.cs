using System.Text.Json.Serialization;

namespace IngestionCluster.Runtime.Membership;

internal sealed record Heartbeat(
    [property: JsonPropertyName("silo")] string Silo,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("at")] long SentAtUnixMs)
{
    public const string Active = "active";
    public const string Leaving = "leaving";
    public const string RoutingKey = "membership.heartbeat";
}
