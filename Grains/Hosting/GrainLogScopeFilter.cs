using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Hosting;

/// <summary>
/// Every log line written during a grain call carries the grain's type and domain id, named for what it
/// is (<c>camera_id</c>, <c>request_id</c>, …), so logs of one camera can be filtered across silos.
/// </summary>
public sealed class GrainLogScopeFilter(ILogger<GrainLogScopeFilter> logger) : IIncomingGrainCallFilter
{
    public async Task Invoke(IIncomingGrainCallContext context)
    {
        using (logger.BeginScope(ScopeOf(context.TargetId)))
        {
            await context.Invoke().ConfigureAwait(false);
        }
    }

    private static LogScope ScopeOf(GrainId grain)
    {
        var type = grain.Type.ToString() ?? string.Empty;
        var key = grain.Key.ToString() ?? string.Empty;
        var grainType = new KeyValuePair<string, object?>("grain_type", type);
        if (key.StartsWith(GrainKeys.CaptureSessionPrefix, StringComparison.Ordinal) && key.IndexOf('/', GrainKeys.CaptureSessionPrefix.Length) > 0)
        {
            var (cameraId, sessionId) = GrainKeys.CaptureSessionOf(key);
            return new(grainType, new("camera_id", cameraId), new("session_id", sessionId));
        }
        var id = key switch
        {
            _ when key.StartsWith(GrainKeys.CameraPrefix, StringComparison.Ordinal) => new KeyValuePair<string, object?>("camera_id", key[GrainKeys.CameraPrefix.Length..]),
            _ when key.StartsWith(GrainKeys.IngestRequestPrefix, StringComparison.Ordinal) => new("request_id", key[GrainKeys.IngestRequestPrefix.Length..]),
            _ when key.StartsWith(GrainKeys.LdoPrefix, StringComparison.Ordinal) => new("ldo_id", key[GrainKeys.LdoPrefix.Length..]),
            _ when key.StartsWith(GrainKeys.UploadJobPrefix, StringComparison.Ordinal) => new("job_id", key[GrainKeys.UploadJobPrefix.Length..]),
            _ => new("grain_key", key),
        };
        return new(grainType, id);
    }
}
