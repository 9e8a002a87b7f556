using System.Buffers;
using IngestionCluster.Gateway.Mqtt.Protocol;

namespace IngestionCluster.Tests.Mqtt.Protocol;

/// <summary>
/// Random and mutated input, with fixed seeds so that a failure reproduces: the decoder may only
/// decode, ask for more bytes, or raise <see cref="MqttProtocolException"/>; and it never allocates
/// in proportion to a length field, only to the bytes actually within the size limit.
/// </summary>
public sealed class MqttDecoderFuzzTests
{
    private const int MaxPacketBytes = 256;

    // Generous per-call allocation bound: a few copies of the largest accepted packet plus the exception.
    private const long AllocationBoundBytes = 16 * MaxPacketBytes + 16 * 1024;

    private static readonly byte[] _validFirstBytes =
    [
        0x10, 0x20, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35, 0x3A, 0x3B, 0x3C, 0x3D, 0x40, 0x50, 0x62, 0x70, 0x82, 0x90, 0xA2, 0xB0, 0xC0, 0xD0, 0xE0,
    ];

    private readonly MqttPacketDecoder _decoder = new(MaxPacketBytes);

    [Fact]
    public void Decoder_survives_random_byte_strings()
    {
        var random = new Random(20_261_121);
        var outcomes = new FuzzOutcomes();
        for (var i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 80)];
            random.NextBytes(bytes);
            if (bytes.Length > 0 && random.Next(2) == 0)
            {
                // Half the time start with a valid type and flags, to get past the first check.
                bytes[0] = _validFirstBytes[random.Next(_validFirstBytes.Length)];
            }
            DecodeAll(bytes, outcomes);
        }
        Assert.True(outcomes.Rejected > 10_000, $"too few rejections: {outcomes}");
        Assert.True(outcomes.NeedMore > 1_000, $"too few incomplete inputs: {outcomes}");
        Assert.True(outcomes.Decoded > 0, $"no input decoded: {outcomes}");
    }

    [Fact]
    public void Decoder_survives_mutated_valid_packets()
    {
        var random = new Random(4_611);
        var valid = MqttSamplePackets.All.Select(MqttPacketEncoder.Encode).Where(b => b.Length <= MaxPacketBytes).ToArray();
        var outcomes = new FuzzOutcomes();
        for (var i = 0; i < 30_000; i++)
        {
            var bytes = Mutate(valid[random.Next(valid.Length)], random);
            DecodeAll(bytes, outcomes);
        }
        Assert.True(outcomes.Rejected > 3_000, $"too few rejections: {outcomes}");
        Assert.True(outcomes.Decoded > 3_000, $"too few decodes: {outcomes}");
        Assert.True(outcomes.NeedMore > 1_000, $"too few incomplete inputs: {outcomes}");
    }

    [Fact]
    public void Decoder_does_not_allocate_for_huge_claimed_lengths()
    {
        var random = new Random(77);
        Warm();
        for (var i = 0; i < 2_000; i++)
        {
            // Any valid first byte, a claimed length between 257 bytes and the 268 MB maximum, a little body.
            var claimed = random.Next(MaxPacketBytes, MqttRemainingLength.MaxValue + 1);
            var header = new byte[1 + MqttRemainingLength.SizeOf(claimed)];
            header[0] = _validFirstBytes[random.Next(_validFirstBytes.Length)];
            MqttRemainingLength.Write(claimed, header.AsSpan(1));
            var body = new byte[random.Next(0, 64)];
            random.NextBytes(body);
            byte[] bytes = [.. header, .. body];

            var before = GC.GetAllocatedBytesForCurrentThread();
            var sequence = new ReadOnlySequence<byte>(bytes);
            var error = Assert.Throws<MqttProtocolException>(() => _decoder.TryDecode(ref sequence, out _));
            var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            Assert.Contains("exceeds the limit", error.Message, StringComparison.Ordinal);
            Assert.True(allocated < 16 * 1024, $"decoding a header that claims {claimed} bytes allocated {allocated} bytes");
        }
    }

    [Fact]
    public void Decoder_consumes_exactly_one_packet_or_nothing()
    {
        var random = new Random(99);
        var valid = MqttSamplePackets.All.Select(MqttPacketEncoder.Encode).Where(b => b.Length <= MaxPacketBytes).ToArray();
        for (var i = 0; i < 5_000; i++)
        {
            var first = valid[random.Next(valid.Length)];
            var second = valid[random.Next(valid.Length)];
            var cut = random.Next(0, second.Length);
            byte[] stream = [.. first, .. second.AsSpan(0, cut)];
            var sequence = SegmentedSequence.Split(stream, random.Next(stream.Length), random.Next(stream.Length));

            Assert.True(_decoder.TryDecode(ref sequence, out _));
            Assert.Equal(cut, sequence.Length);
            Assert.False(_decoder.TryDecode(ref sequence, out _));
            Assert.Equal(cut, sequence.Length);
        }
    }

    private static byte[] Mutate(byte[] packet, Random random)
    {
        var bytes = (byte[])packet.Clone();
        switch (random.Next(6))
        {
            case 0: // flip 1 to 3 bits
                for (var n = random.Next(1, 4); n > 0; n--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }
                return bytes;
            case 1: // truncate
                return bytes[..random.Next(bytes.Length)];
            case 2: // corrupt the remaining length field
                bytes[1] = (byte)random.Next(256);
                return bytes;
            case 3: // replace the remaining length with a random (possibly overlong) one
                byte[] length = [.. Enumerable.Range(0, random.Next(1, 6)).Select(_ => (byte)random.Next(256))];
                return [bytes[0], .. length, .. bytes.AsSpan(2)];
            case 4: // overwrite a random byte
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            default: // insert or delete a byte in the body
                var at = random.Next(1, bytes.Length);
                return random.Next(2) == 0
                    ? [.. bytes.AsSpan(0, at), (byte)random.Next(256), .. bytes.AsSpan(at)]
                    : [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + 1)];
        }
    }

    private void DecodeAll(byte[] bytes, FuzzOutcomes outcomes)
    {
        var sequence = new ReadOnlySequence<byte>(bytes);
        while (true)
        {
            var lengthBefore = sequence.Length;
            var before = GC.GetAllocatedBytesForCurrentThread();
            bool decoded;
            try
            {
                decoded = _decoder.TryDecode(ref sequence, out _);
            }
            catch (MqttProtocolException)
            {
                outcomes.Rejected++;
                return;
            }
            catch (Exception ex)
            {
                Assert.Fail($"decoder raised {ex.GetType().Name} for {Convert.ToHexString(bytes)}: {ex}");
                return;
            }
            finally
            {
                var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
                Assert.True(allocated < AllocationBoundBytes, $"decoding {Convert.ToHexString(bytes)} allocated {allocated} bytes");
            }
            if (!decoded)
            {
                Assert.Equal(lengthBefore, sequence.Length);
                outcomes.NeedMore++;
                return;
            }
            Assert.True(sequence.Length < lengthBefore);
            outcomes.Decoded++;
        }
    }

    private void Warm()
    {
        var sequence = new ReadOnlySequence<byte>(new byte[] { 0x30, 0xFF, 0xFF, 0xFF, 0x7F });
        Assert.Throws<MqttProtocolException>(() => _decoder.TryDecode(ref sequence, out _));
    }

    private sealed class FuzzOutcomes
    {
        public int Decoded { get; set; }

        public int NeedMore { get; set; }

        public int Rejected { get; set; }

        public override string ToString() => $"decoded {Decoded}, need more {NeedMore}, rejected {Rejected}";
    }
}
