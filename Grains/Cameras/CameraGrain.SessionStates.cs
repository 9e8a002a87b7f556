using IngestionCluster.Grains.Sessions;
using IngestionCluster.Grains.Telemetry;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// The grain-state rows of the camera's automatic capture sessions, deleted once the camera has moved far past them and
/// they are older than <c>Ingest__SessionStateRetention</c>; without this every MQTT image without an <c>image_id</c>
/// would leave its row forever.
/// </summary>
public sealed partial class CameraGrain
{
    /// <summary>
    /// Sessions behind the last saved one whose rows are always kept: as far back as routing may still send a chunk (a
    /// recall reads back 5, 10, 20, then 40 sessions; a packet identifier is remembered this far), so it never finds
    /// a session empty that it may still send a redelivered chunk to.
    /// </summary>
    internal const int KeptSessionStates = ImplicitSessionTracker.FarthestRoutedBack;

    /// <summary>Sessions past the kept ones before a prune runs, and about how many rows each deletes: two round trips for this many images.</summary>
    internal const int SessionStatePruneBatch = 64;

    /// <summary>A prune runs in the camera's turn, before its chunk is answered: a slow database must not hold that long.</summary>
    private static readonly TimeSpan _pruneTimeout = TimeSpan.FromSeconds(5);

    private DateTimeOffset _sessionStatesDueAt = DateTimeOffset.MinValue;
    private long _sessionStatesRetryAt;

    /// <summary>
    /// Runs after a new session sequence is saved, measured from it; how far it got is saved with the next write (a prune
    /// repeated after a restart finds those rows gone). A failure only postpones it.
    /// </summary>
    private async Task PruneSessionStatesAsync(long savedSequence)
    {
        var keepFrom = savedSequence - KeptSessionStates;
        var from = state.State.SessionStatesPrunedBelow;
        var now = clock.GetUtcNow();
        var retention = options.EffectiveSessionStateRetention;
        if (retention <= TimeSpan.Zero || keepFrom - from < SessionStatePruneBatch
            || now < _sessionStatesDueAt || savedSequence < _sessionStatesRetryAt)
        {
            return;
        }
        try
        {
            var until = Math.Min(keepFrom, from + AutomaticSessionStates.MaxSessionsPerPrune);
            using var timeout = new CancellationTokenSource(_pruneTimeout);
            var prune = await sessionStates.PruneAsync(CameraId, from, until, retention, SessionStatePruneBatch, timeout.Token);
            state.State.SessionStatesPrunedBelow = prune.PrunedBelow;
            _sessionStatesDueAt = prune.DueIn is { } dueIn ? now + dueIn : DateTimeOffset.MinValue;
            IngestMetrics.SessionStatesPruned(prune.Deleted);
        }
        catch (Exception e)
        {
            // Tried again after as many images as a prune deletes rows, so a database that refuses costs no more round trips.
            _sessionStatesRetryAt = savedSequence + SessionStatePruneBatch;
            logger.LogWarning("Pruning the state of camera {CameraId}'s old capture sessions failed ({Error}); trying again after {Count} more images",
                CameraId, e.Message, SessionStatePruneBatch);
        }
    }
}
