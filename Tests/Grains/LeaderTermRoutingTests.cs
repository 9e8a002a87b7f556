using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Tests.Grains;

/// <summary>Chunks without image_id handed over by a bridge leader that was replaced: judged by their packet identifiers.</summary>
public sealed class LeaderTermRoutingTests
{
    [Theory]
    [MemberData(nameof(CaptureSessionTests.Modes), MemberType = typeof(CaptureSessionTests))]
    public async Task A_paused_former_leader_s_late_hand_off_of_what_its_successor_stored_stores_nothing_twice(StorageKind storage)
    {
        await using var product = await ProductCluster.StartAsync(storage);
        var camera = product.Grains.GetCamera("cam-paused-leader");
        var samples = SharedJpegs.Samples;
        var first = Delivered(samples.TestCard, firstPacketId: 101);

        // The successor (term 20) got the messages again from the broker, flagged as redelivered, and handed them over first.
        await camera.ReceiveChunks([.. first.Select(chunk => chunk with { LeaderTerm = 20, Redelivered = true })]);
        await CaptureSessionTests.WaitForImagesAsync(product, "cam-paused-leader", 1);
        // The former leader (term 10) wakes up and hands over its first deliveries of the same messages.
        var late = await camera.ReceiveChunks([.. first.Select(chunk => chunk with { LeaderTerm = 10 })]);
        // The successor goes on; and a leader whose term is earlier for another reason (a Redis clock set back) loses nothing.
        await camera.ReceiveChunks([.. Delivered(samples.White, firstPacketId: 104).Select(chunk => chunk with { LeaderTerm = 20 })]);
        await camera.ReceiveChunks([.. Delivered(samples.VgaTestCard, firstPacketId: 107).Select(chunk => chunk with { LeaderTerm = 5 })]);

        Assert.All(late, receipt => Assert.Equal(ChunkOutcome.Duplicate, receipt.Outcome));
        var stored = await CaptureSessionTests.WaitForImagesAsync(product, "cam-paused-leader", 3);
        Assert.Equal(new[] { samples.TestCard, samples.White, samples.VgaTestCard }.Select(CaptureSessionTests.Sha256).Order(), stored.Select(image => image.Sha256).Order());
    }

    private static ImageChunk[] Delivered(byte[] image, int firstPacketId) =>
        [.. Chunks.Split(image, 3, "cam-paused-leader").Select((chunk, i) => chunk with { DeliveryId = firstPacketId + i })];
}
