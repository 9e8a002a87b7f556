using IngestionCluster.Storage.Database;
using IngestionCluster.Storage.Staging;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Storage.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace IngestionCluster.Tests.Storage.Staging;

/// <summary>Standalone mode's staging table, on SQLite and on PostgreSQL (a seed's database settings select it).</summary>
public sealed class DatabaseChunkStagingTests
{
    private static readonly DateTimeOffset _receivedAt = DateTimeOffset.FromUnixTimeMilliseconds(1_796_500_000_000);

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Staged_chunks_load_with_their_packet_ids(StorageKind storage)
    {
        using var data = new TempDirectory("staging");
        await using var database = await OpenAsync(storage, data, StagingSchema.Component.Migrations);
        var staging = new DatabaseChunkStaging(database, TimeProvider.System);

        await staging.StageAsync("session/cam-1/s1", [new StagedChunk(0, 3, [1, 2], _receivedAt, 41), new StagedChunk(1, 3, [3], _receivedAt, null)], CancellationToken.None);
        // A redelivery staged again under another identifier replaces the first.
        await staging.StageAsync("session/cam-1/s1", [new StagedChunk(0, 3, [1, 2], _receivedAt, 44)], CancellationToken.None);

        var loaded = await staging.LoadAsync("session/cam-1/s1", CancellationToken.None);
        Assert.NotNull(loaded);
        Assert.Equal([(0, 44), (1, (int?)null)], loaded.Chunks.Select(chunk => (chunk.Index, chunk.DeliveryId)));
        Assert.Equal([1, 2], loaded.Chunks[0].Data);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Chunks_staged_before_the_upgrade_load_without_packet_ids(StorageKind storage)
    {
        using var data = new TempDirectory("staging");
        await using var database = await OpenAsync(storage, data, StagingSchema.Component.Migrations.Take(1));
        await database.ExecuteAsync(new DbStatement(
            "INSERT INTO staged_chunks (session_key, chunk_index, total, data, received_at, staged_at) VALUES ('session/cam-1/s1', 0, 2, @data, 1, 1)")
            .With("data", new byte[] { 7 }), CancellationToken.None);

        await SchemaMigrator.ApplyAsync(database, StagingSchema.Component.Name, StagingSchema.Component.Migrations, NullLogger.Instance, CancellationToken.None);

        var loaded = await new DatabaseChunkStaging(database, TimeProvider.System).LoadAsync("session/cam-1/s1", CancellationToken.None);
        var chunk = Assert.Single(loaded!.Chunks);
        Assert.Null(chunk.DeliveryId);
        Assert.Equal([7], chunk.Data);
    }

    private static async Task<IngestDatabase> OpenAsync(StorageKind storage, TempDirectory data, IEnumerable<Migration> migrations)
    {
        var database = await TestDatabases.CreateAsync(storage, data, "staging");
        await SchemaMigrator.ApplyAsync(database, StagingSchema.Component.Name, [.. migrations], NullLogger.Instance, CancellationToken.None);
        return database;
    }
}
