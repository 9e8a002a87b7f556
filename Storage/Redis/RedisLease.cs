using StackExchange.Redis;

namespace IngestionCluster.Storage.Redis;

/// <summary>
/// A Redis key that one holder at a time owns for a lifetime and keeps by renewing it; it lapses by itself when the holder
/// stops renewing (a crash, a lost network). The key's value names the holder, so only the holder renews or releases it.
/// </summary>
public sealed class RedisLease(RedisConnection redis, RedisKey key)
{
    public RedisKey Key => key;

    /// <summary>Takes the lease for <paramref name="lifetime"/>; false while anyone holds it, <paramref name="holder"/> included.</summary>
    public async Task<bool> TakeAsync(string holder, TimeSpan lifetime)
    {
        var db = await redis.DatabaseAsync().ConfigureAwait(false);
        return await db.LockTakeAsync(key, holder, lifetime).ConfigureAwait(false);
    }

    /// <summary>Keeps the lease another <paramref name="lifetime"/>; false when it lapsed or another holder has it now.</summary>
    public async Task<bool> RenewAsync(string holder, TimeSpan lifetime)
    {
        var db = await redis.DatabaseAsync().ConfigureAwait(false);
        return await db.LockExtendAsync(key, holder, lifetime).ConfigureAwait(false);
    }

    /// <summary>Takes the lease, or renews it when <paramref name="holder"/> has it already; false while another holds it.</summary>
    public async Task<bool> TakeOrRenewAsync(string holder, TimeSpan lifetime) =>
        await TakeAsync(holder, lifetime).ConfigureAwait(false) || await RenewAsync(holder, lifetime).ConfigureAwait(false);

    /// <summary>Who holds the lease, or null when nobody does.</summary>
    public async Task<string?> HolderAsync()
    {
        var db = await redis.DatabaseAsync().ConfigureAwait(false);
        var holder = await db.LockQueryAsync(key).ConfigureAwait(false);
        return holder.IsNull ? null : holder.ToString();
    }

    /// <summary>Gives the lease up before its lifetime ends; false when <paramref name="holder"/> did not hold it.</summary>
    public async Task<bool> ReleaseAsync(string holder)
    {
        var db = await redis.DatabaseAsync().ConfigureAwait(false);
        return await db.LockReleaseAsync(key, holder).ConfigureAwait(false);
    }
}
