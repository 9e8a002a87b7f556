using System.Diagnostics;
using IngestionCluster.Grains.Abstractions.Ids;
using Orleans;

namespace IngestionCluster.Bench.Failover;

/// <summary>
/// Calls each camera that lived on the killed silo (<c>GetInfo</c>) until it answers from another silo,
/// and returns for each the seconds from the kill to that first answer.
/// </summary>
public static class RecoveryProbe
{
    private static readonly TimeSpan _callTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan _interval = TimeSpan.FromMilliseconds(20);

    public static async Task<IReadOnlyDictionary<string, double>> RunAsync(IGrainFactory grains, IReadOnlyList<string> cameras, string deadSilo, long killedAt, TimeSpan giveUpAfter)
    {
        var answers = await Task.WhenAll(cameras.Select(async camera => (camera, seconds: await ProbeAsync(grains, camera, deadSilo, killedAt, giveUpAfter))));
        return answers.ToDictionary(a => a.camera, a => a.seconds);
    }

    private static async Task<double> ProbeAsync(IGrainFactory grains, string camera, string deadSilo, long killedAt, TimeSpan giveUpAfter)
    {
        var grain = grains.GetCamera(camera);
        while (Stopwatch.GetElapsedTime(killedAt) < giveUpAfter)
        {
            try
            {
                // A call that hangs (its silo died mid-call) is abandoned after a second and tried again.
                if (await grain.GetInfo().WaitAsync(_callTimeout) is { Silo: { } silo } && silo != deadSilo)
                {
                    return Stopwatch.GetElapsedTime(killedAt).TotalSeconds;
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or InvalidOperationException)
            {
                // Not served yet: the silo is not declared dead, or the camera is being activated elsewhere.
            }
            await Task.Delay(_interval);
        }
        return double.PositiveInfinity;
    }
}
