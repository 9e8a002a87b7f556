using System.Text;
using IngestionCluster.Gateway.Mqtt.Bridge;
using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.DeadLetters;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Tests.Grains;

/// <summary>A delivery recorded as a dead letter again (a retry after a record whose answer was lost) adds no row; a new delivery does.</summary>
public sealed class DeadLetterRepeatTests
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_bridge_recording_one_delivery_twice_leaves_one_row_and_a_second_delivery_its_own(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var handOff = new ChunkHandOff(product.Grains, new TopicCameraLevel("camera/+/image_json"), 1 << 20, TimeSpan.FromSeconds(10), TimeProvider.System);
        var payload = Encoding.UTF8.GetBytes("""{"id":"cam-repeat","index":0,"total":2,"data":"AAEC"}""");
        var first = Delivery(payload, DateTimeOffset.UtcNow);
        var second = Delivery(payload, first.ReceivedAt.AddSeconds(3));

        await handOff.RecordAsync(first, BridgeRejection.HandOffFailed, "attempt 1", CancellationToken.None);
        await handOff.RecordAsync(first, BridgeRejection.HandOffFailed, "attempt 2", CancellationToken.None);
        var once = await LettersAsync(product, "cam-repeat");
        await handOff.RecordAsync(second, BridgeRejection.HandOffFailed, "delivered again", CancellationToken.None);
        var twice = await LettersAsync(product, "cam-repeat");

        var kept = Assert.Single(once);
        Assert.Equal("attempt 1", kept.Detail);
        Assert.Equal(first.ReceivedAt.ToUnixTimeMilliseconds(), kept.ReceivedAt.ToUnixTimeMilliseconds());
        Assert.Matches("^[0-9a-f]{64}$", kept.Fingerprint);
        Assert.Equal(["delivered again", "attempt 1"], twice.Select(letter => letter.Detail));
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_chunk_the_grain_refuses_twice_in_one_delivery_is_one_dead_letter(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("cam-refused-twice");
        var receivedAt = DateTimeOffset.UtcNow;
        var outOfRange = new ImageChunk("cam-refused-twice", 7, 3, [1, 2, 3], "img-1", receivedAt);

        await camera.ReceiveChunks([outOfRange]);
        await camera.ReceiveChunks([outOfRange with { Redelivered = true }]);
        var once = await LettersAsync(product, "cam-refused-twice");
        await camera.ReceiveChunks([outOfRange with { ReceivedAt = receivedAt.AddSeconds(1) }]);
        var twice = await LettersAsync(product, "cam-refused-twice");

        Assert.Equal(ChunkRejectionReason.IndexOutOfRange, Assert.Single(once).Reason);
        Assert.Equal(2, twice.Count);
    }

    private static ReceivedMqttMessage Delivery(byte[] payload, DateTimeOffset receivedAt) =>
        new("camera/cam-repeat/image_json", payload, duplicate: false, packetId: 17, receivedAt, CancellationToken.None, _ => Task.FromResult(true));

    private static async Task<List<DeadLetter>> LettersAsync(ProductCluster product, string cameraId) =>
        [.. (await product.Grains.GetDeadLetters().List(0, 100)).Items.Where(letter => letter.CameraId == cameraId)];
}
