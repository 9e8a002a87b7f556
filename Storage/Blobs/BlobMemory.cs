using System.Runtime.InteropServices;

namespace IngestionCluster.Storage.Blobs;

/// <summary>Reads bytes already in memory as a stream, without copying when they sit in an array.</summary>
internal static class BlobMemory
{
    public static ArraySegment<byte> AsSegment(ReadOnlyMemory<byte> content) =>
        MemoryMarshal.TryGetArray(content, out var segment) ? segment : new ArraySegment<byte>(content.ToArray());

    public static MemoryStream OpenRead(ReadOnlyMemory<byte> content)
    {
        var segment = AsSegment(content);
        return new MemoryStream(segment.Array!, segment.Offset, segment.Count, writable: false);
    }
}
