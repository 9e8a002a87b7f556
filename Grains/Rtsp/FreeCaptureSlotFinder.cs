using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>
/// Finds the silo with the most free continuous-capture slots among the cluster's other active silos, for a camera that
/// waits for a slot on its own: a cluster whose cameras landed unevenly, or that gained a silo, then captures them all.
/// </summary>
public sealed class FreeCaptureSlotFinder(
    IClusterMembershipService membership, ILocalSiloDetails local, RtspCapacityClient capacity, IOptions<RtspOptions> options, ILogger<FreeCaptureSlotFinder> logger)
{
    private static readonly TimeSpan _answerLimit = TimeSpan.FromSeconds(5);

    /// <summary>How often a waiting camera searches (<see cref="RtspOptions.CapacitySearchInterval"/>).</summary>
    public TimeSpan Interval => options.Value.CapacitySearchInterval;

    /// <summary>The silo to move to and its free slots, or null when none of the others has one (or answered in time).</summary>
    public async Task<(SiloAddress Silo, int Free)?> FindAsync(CancellationToken cancellationToken)
    {
        var others = membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active && !member.SiloAddress.Equals(local.SiloAddress))
            .Select(member => member.SiloAddress)
            .ToList();
        if (others.Count == 0)
        {
            return null;
        }
        var answers = await Task.WhenAll(others.Select(silo => AskAsync(silo, cancellationToken)));
        // Ties broken at random, so that cameras waiting on several silos do not all pick the same one.
        return answers.Where(answer => answer.Free > 0)
            .OrderByDescending(answer => answer.Free).ThenBy(_ => Random.Shared.Next())
            .Select(answer => ((SiloAddress, int)?)answer).FirstOrDefault();
    }

    /// <summary>True while <paramref name="silo"/> is an active member: one that left since it answered gets nobody.</summary>
    public bool IsActive(SiloAddress silo) => membership.CurrentSnapshot.GetSiloStatus(silo) == SiloStatus.Active;

    private async Task<(SiloAddress Silo, int Free)> AskAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        try
        {
            return (silo, await capacity.FreeStreamSlotsOn(silo).WaitAsync(_answerLimit, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // A silo that is leaving or overloaded is no place to move to.
            logger.LogDebug("Silo {Silo} did not tell its free capture slots: {Error}", silo, e.Message);
            return (silo, 0);
        }
    }
}
