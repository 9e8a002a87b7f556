using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Jobs;

namespace IngestionCluster.Gateway.Apis;

/// <summary>The <c>status</c> filter of a jobs list, by the statuses' JSON names (<c>created</c>, <c>queued</c>, …).</summary>
internal static class JobStatusFilter
{
    public static IReadOnlyList<string> Names { get; } = [.. Enum.GetValues<UploadJobStatus>().Select(status => JsonSerializer.Serialize(status).Trim('"'))];

    /// <summary>The status <paramref name="name"/> names (null: no filter); false when it names none.</summary>
    public static bool TryParse(string? name, StringComparison comparison, out UploadJobStatus? status)
    {
        status = null;
        if (string.IsNullOrEmpty(name))
        {
            return true;
        }
        var statuses = Enum.GetValues<UploadJobStatus>();
        for (var i = 0; i < statuses.Length; i++)
        {
            if (string.Equals(Names[i], name, comparison))
            {
                status = statuses[i];
                return true;
            }
        }
        return false;
    }
}
