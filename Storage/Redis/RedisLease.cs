using StackExchange.Redis;

namespace IngestionCluster.Storage.Redis;

/// <summary>
/// A Redis key that one holder at a time owns for a lifetime and keeps by renewing it; it lapses by itself when the holder
/// stops renewing (a crash, a lost network). The key's value names the holder, so only the holder renews or releases it.
/// </summary>
public sealed class RedisLease(RedisConnection redis, RedisKey key)
{
    private static readonly string _nextFencingToken = """
        local time = redis.call('TIME')
        local token = tonumber(time[1]) * 1000000 + tonumber(time[2])
        local last = tonumber(redis.call('GET', KEYS[1]) or '0')
        if token <= last then
            token = last + 1
        end
        redis.call('SET', KEYS[1], string.format('%d', token))
        return token
        """;

    public RedisKey Key => key;

    /// <summary>Where the last fencing token is kept, beside the lease.</summary>
    private RedisKey TokenKey => key.Append(":fencing");

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

    /// <summary>
    /// A fencing token for a holder that has just taken the lease, later than the token of every earlier holder (each took
    /// the lease before it lapsed to this one): the Redis server's clock in microseconds, or one more than the last token
    /// when that is not earlier (a clock set back). The clock keeps it growing across a Redis restart that lost the last
    /// token, which would reset a counter.
    /// </summary>
    public async Task<long> FencingTokenAsync()
    {
        var db = await redis.DatabaseAsync().ConfigureAwait(false);
        // A plain EVAL (no SCRIPT LOAD and EVALSHA): once per leadership, and one command for an ACL to allow.
        return (long)await db.ScriptEvaluateAsync(_nextFencingToken, [TokenKey], flags: CommandFlags.NoScriptCache).ConfigureAwait(false);
    }

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
