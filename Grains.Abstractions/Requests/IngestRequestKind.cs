using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>Where the images of an ingest request come from.</summary>
[JsonConverter(typeof(NamedEnumConverter<IngestRequestKind>))]
[GenerateSerializer, Alias("ic.IngestRequestKind")]
public enum IngestRequestKind
{
    /// <summary>Files uploaded to the gateway in one multipart request.</summary>
    [JsonStringEnumMemberName("upload")]
    Upload,
    /// <summary>Frames captured from an RTSP stream on request.</summary>
    [JsonStringEnumMemberName("rtsp")]
    Rtsp,
}
