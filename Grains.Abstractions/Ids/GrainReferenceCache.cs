using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Orleans;

namespace IngestionCluster.Grains.Abstractions.Ids;

/// <summary>
/// The <typeparamref name="TGrain"/> references each grain factory handed out, by key. Orleans builds every
/// reference anew: it reads the interface's attributes by reflection and activates a proxy, which took 7 % of a
/// gateway's CPU under MQTT load (two references per image). A reference is immutable and thread-safe, so the
/// same one can serve every caller. Each factory keeps its own, because a reference belongs to the client or
/// silo that made it.
/// </summary>
public static class GrainReferenceCache<TGrain> where TGrain : IGrainWithStringKey
{
    /// <summary>Keys per factory before it starts over: keys such as capture sessions never come back.</summary>
    public const int Capacity = 4096;

    private static readonly ConditionalWeakTable<IGrainFactory, References> ByFactory = new();

    public static TGrain Get(IGrainFactory grains, string key) =>
        ByFactory.GetValue(grains, static _ => new References()).Get(grains, key);

    private sealed class References
    {
        private readonly ConcurrentDictionary<string, TGrain> _byKey = new(StringComparer.Ordinal);
        private int _count;

        public TGrain Get(IGrainFactory grains, string key)
        {
            if (_byKey.TryGetValue(key, out var known))
            {
                return known;
            }
            var created = grains.GetGrain<TGrain>(key);
            if (_byKey.TryAdd(key, created) && Interlocked.Increment(ref _count) > Capacity)
            {
                // Approximate under races, which only moves the bound by a few entries.
                _byKey.Clear();
                Interlocked.Exchange(ref _count, 0);
            }
            return created;
        }
    }
}
