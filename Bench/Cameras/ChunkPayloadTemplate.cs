using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace IngestionCluster.Bench.Cameras;

/// <summary>
/// The ThermoSense chunk payloads of the load generator's images, built with as little work as a camera's firmware
/// would spend: every image is the same random template with its own name written into the first chunk, so the
/// base64 of every later chunk is encoded once, and only the first chunk's is encoded per image. On the shared
/// 2-core machine the load generator's CPU is taken from the cluster it measures.
/// </summary>
internal sealed class ChunkPayloadTemplate
{
    /// <summary>Where an image's name goes: inside the first chunk, after a JPEG's first bytes.</summary>
    private const int NameOffset = 16;

    private readonly byte[] _template;
    private readonly int _chunkSize;
    private readonly byte[][] _base64;

    public ChunkPayloadTemplate(int imageBytes, int chunks)
    {
        _template = RandomNumberGenerator.GetBytes(imageBytes);
        // A JPEG's first bytes, so the stored content type is a realistic one.
        _template[0] = 0xFF;
        _template[1] = 0xD8;
        _template[2] = 0xFF;
        Chunks = chunks;
        _chunkSize = (imageBytes + chunks - 1) / chunks;
        if (_chunkSize < NameOffset + 64)
        {
            throw new ArgumentException($"Chunks of {_chunkSize} bytes leave no room for an image's name; send fewer chunks or larger images.");
        }
        _base64 = [.. Enumerable.Range(0, chunks).Select(index => Encode(ChunkOf(_template, index)))];
    }

    public int Chunks { get; }

    /// <summary>An image of the camera as <see cref="Chunks"/> payloads, and its SHA-256; its camera and image id make it distinct.</summary>
    public (byte[][] Payloads, string Sha256) Build(string cameraId, string imageId)
    {
        var first = ChunkOf(_template, 0).ToArray();
        Encoding.ASCII.GetBytes($"{cameraId}/{imageId}", first.AsSpan(NameOffset));
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(first);
        hash.AppendData(_template.AsSpan(first.Length));
        var payloads = new byte[Chunks][];
        for (var index = 0; index < Chunks; index++)
        {
            payloads[index] = Payload(cameraId, imageId, index, index == 0 ? Encode(first) : _base64[index]);
        }
        return (payloads, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    private ReadOnlySpan<byte> ChunkOf(byte[] image, int index) =>
        image.AsSpan(index * _chunkSize, Math.Min(_chunkSize, image.Length - (index * _chunkSize)));

    private static byte[] Encode(ReadOnlySpan<byte> data)
    {
        var encoded = new byte[Base64.GetMaxEncodedToUtf8Length(data.Length)];
        Base64.EncodeToUtf8(data, encoded, out _, out var written);
        return written == encoded.Length ? encoded : encoded[..written];
    }

    /// <summary>Base64 needs no JSON escaping, so the payload is written as a camera's firmware would write it.</summary>
    private byte[] Payload(string cameraId, string imageId, int index, byte[] data)
    {
        var head = Encoding.ASCII.GetBytes($"{{\"id\":\"{cameraId}\",\"index\":{index},\"total\":{Chunks},\"data\":\"");
        var tail = Encoding.ASCII.GetBytes($"\",\"image_id\":\"{imageId}\"}}");
        var payload = new byte[head.Length + data.Length + tail.Length];
        head.CopyTo(payload, 0);
        data.CopyTo(payload, head.Length);
        tail.CopyTo(payload, head.Length + data.Length);
        return payload;
    }
}
