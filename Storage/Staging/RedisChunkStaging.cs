using System.Globalization;
using IngestionCluster.Storage.Redis;
using StackExchange.Redis;

namespace IngestionCluster.Storage.Staging;

/// <summary>
/// Cluster mode's staging: a hash per session (<c>{prefix}chunks:{session}</c>, field = chunk index) and a
/// sorted set of sessions by the time of their last chunk (<c>{prefix}chunks:sessions</c>) for the sweeper.
/// How durable a staged chunk is follows the server's persistence (<c>appendonly yes</c>; <c>appendfsync
/// always</c> to survive a power cut, not only a process restart).
/// </summary>
public sealed class RedisChunkStaging(RedisConnection redis, TimeProvider clock) : IChunkStaging
{
    /// <summary>A session nobody finishes (a bug, a lost sweeper) does not stay in Redis for ever.</summary>
    private static readonly TimeSpan _safetyExpiry = TimeSpan.FromDays(7);

    private RedisKey SessionsKey => redis.Options.KeyPrefix + "chunks:sessions";

    public async Task StageAsync(string sessionKey, IReadOnlyList<StagedChunk> chunks, CancellationToken cancellationToken)
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        var key = ChunksKey(sessionKey);
        var fields = chunks.Select(chunk => new HashEntry(chunk.Index.ToString(CultureInfo.InvariantCulture), StagedChunkCodec.Encode(chunk))).ToArray();
        // One HSET holds every field, so a batch is staged whole or not at all.
        var batch = database.CreateBatch();
        var set = batch.HashSetAsync(key, fields);
        var expire = batch.KeyExpireAsync(key, _safetyExpiry);
        var index = batch.SortedSetAddAsync(SessionsKey, sessionKey, clock.GetUtcNow().ToUnixTimeMilliseconds());
        batch.Execute();
        await Task.WhenAll(set, expire, index).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<StagedSession?> LoadAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        var entries = await database.HashGetAllAsync(ChunksKey(sessionKey)).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (entries.Length == 0)
        {
            return null;
        }
        var score = await database.SortedSetScoreAsync(SessionsKey, sessionKey).WaitAsync(cancellationToken).ConfigureAwait(false);
        var chunks = entries
            .Select(entry => StagedChunkCodec.Decode(int.Parse(entry.Name.ToString(), NumberStyles.None, CultureInfo.InvariantCulture), (byte[])entry.Value!))
            .OrderBy(chunk => chunk.Index)
            .ToList();
        var lastStaged = score is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds((long)ms) : chunks.Max(chunk => chunk.ReceivedAt);
        return new StagedSession(sessionKey, chunks, lastStaged);
    }

    public async Task DropAsync(string sessionKey, CancellationToken cancellationToken)
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        // MULTI/EXEC: the chunks and the session's listing go together, never one without the other.
        var transaction = database.CreateTransaction();
        var delete = transaction.KeyDeleteAsync(ChunksKey(sessionKey));
        var remove = transaction.SortedSetRemoveAsync(SessionsKey, sessionKey);
        await Task.WhenAll(transaction.ExecuteAsync(), delete, remove).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListIdleAsync(DateTimeOffset stagedBefore, int max, CancellationToken cancellationToken)
    {
        var database = await redis.DatabaseAsync().ConfigureAwait(false);
        var sessions = await database.SortedSetRangeByScoreAsync(SessionsKey, double.NegativeInfinity, stagedBefore.ToUnixTimeMilliseconds(),
            Exclude.Stop, Order.Ascending, 0, max).WaitAsync(cancellationToken).ConfigureAwait(false);
        return [.. sessions.Select(session => session.ToString())];
    }

    public Task CheckHealthAsync(CancellationToken cancellationToken) => redis.ProbeWriteAsync(cancellationToken);

    private RedisKey ChunksKey(string sessionKey) => redis.Options.KeyPrefix + "chunks:" + sessionKey;
}
