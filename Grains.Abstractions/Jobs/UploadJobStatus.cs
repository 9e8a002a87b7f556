using System.Text.Json.Serialization;
using IngestionCluster.Grains.Abstractions.Serialization;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Jobs;

/// <summary>Life of a direct-to-storage upload: <c>created → queued → processing → completed | failed</c>.</summary>
[JsonConverter(typeof(NamedEnumConverter<UploadJobStatus>))]
[GenerateSerializer, Alias("ic.UploadJobStatus")]
public enum UploadJobStatus
{
    /// <summary>The upload URL is issued; the client has not said it is done.</summary>
    [JsonStringEnumMemberName("created")]
    Created,
    /// <summary>The client said the upload is done; checking has not started.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,
    /// <summary>The object is being checked and hashed.</summary>
    [JsonStringEnumMemberName("processing")]
    Processing,
    [JsonStringEnumMemberName("completed")]
    Completed,
    [JsonStringEnumMemberName("failed")]
    Failed,
}
