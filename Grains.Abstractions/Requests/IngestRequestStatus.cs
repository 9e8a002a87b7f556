using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>Life of an ingest request: <c>accepted → processing → completed | failed</c>.</summary>
[JsonConverter(typeof(NamedEnumConverter<IngestRequestStatus>))]
[GenerateSerializer, Alias("ic.IngestRequestStatus")]
public enum IngestRequestStatus
{
    [JsonStringEnumMemberName("accepted")]
    Accepted,
    [JsonStringEnumMemberName("processing")]
    Processing,
    [JsonStringEnumMemberName("completed")]
    Completed,
    [JsonStringEnumMemberName("failed")]
    Failed,
}
