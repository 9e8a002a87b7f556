using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Tests.Grains;

/// <summary>Splits an image into MQTT chunks the way cameras do.</summary>
public static class Chunks
{
    public static IReadOnlyList<ImageChunk> Split(byte[] image, int total, string cameraId, string? imageId = null)
    {
        var size = (int)Math.Ceiling(image.Length / (double)total);
        return Enumerable.Range(0, total)
            .Select(i => new ImageChunk(cameraId, i, total, image.AsSpan(Math.Min(i * size, image.Length), Math.Max(0, Math.Min(size, image.Length - i * size))).ToArray(), imageId))
            .ToList();
    }

    /// <summary>Every chunk at least once, some two or three times, in a shuffled order (fixed seed).</summary>
    public static IReadOnlyList<ImageChunk> ShuffledWithDuplicates(IReadOnlyList<ImageChunk> chunks, int seed)
    {
        var random = new Random(seed);
        var all = chunks.Concat(chunks.Where((_, i) => i % 2 == 0)).Concat(chunks.Where((_, i) => i % 5 == 0)).ToList();
        return all.OrderBy(_ => random.Next()).ToList();
    }
}
