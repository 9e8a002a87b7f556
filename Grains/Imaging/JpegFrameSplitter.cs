using System.Buffers;
using System.Buffers.Binary;

namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// Splits a continuous byte stream of concatenated JPEGs (ffmpeg <c>-f image2pipe -c:v mjpeg</c>)
/// into whole frames, whatever the sizes of the reads. It follows the marker structure (segment
/// lengths, then entropy-coded data up to EOI), so an EOI inside an EXIF thumbnail does not end a
/// frame. Bytes outside frames are skipped; a frame larger than the limit, or one broken by a new
/// SOI, is dropped and counted, and splitting resumes at the next SOI.
/// </summary>
/// <remarks>
/// Not thread-safe. One pooled buffer is reused for the whole stream. Typical loop:
/// <code>
/// var n = await stream.ReadAsync(splitter.GetMemory(), ct);
/// splitter.Advance(n);
/// while (splitter.TryReadFrame(out var frame)) { /* use or copy frame */ }
/// </code>
/// Read every frame out after each <see cref="Advance"/>: the buffer only ever drops bytes that
/// were read out or skipped.
/// </remarks>
public sealed class JpegFrameSplitter : IDisposable
{
    /// <summary>Default <see cref="MaxFrameBytes"/>: 8 MiB.</summary>
    public const int DefaultMaxFrameBytes = 8 * 1024 * 1024;

    /// <summary>Default size a <see cref="GetMemory"/> call offers at least.</summary>
    public const int DefaultReadSize = 64 * 1024;

    private byte[] _buffer;
    private int _start;      // first byte not yet read out or skipped
    private int _end;        // end of the buffered data
    private int _scan;       // where parsing resumes; may lie beyond _end after a segment length
    private int _frameStart; // SOI of the frame being parsed
    private State _state = State.SeekingStart;
    private bool _disposed;

    public JpegFrameSplitter(int maxFrameBytes = DefaultMaxFrameBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameBytes, 4);
        MaxFrameBytes = maxFrameBytes;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(maxFrameBytes, DefaultReadSize) + DefaultReadSize);
    }

    /// <summary>Largest frame kept; larger ones are dropped and counted in <see cref="OversizeFrames"/>.</summary>
    public int MaxFrameBytes { get; }

    /// <summary>Frames returned by <see cref="TryReadFrame"/>.</summary>
    public long Frames { get; private set; }

    /// <summary>Frames dropped because they grew beyond <see cref="MaxFrameBytes"/>.</summary>
    public long OversizeFrames { get; private set; }

    /// <summary>Frames dropped because their marker structure was broken (e.g. cut off by a new SOI).</summary>
    public long MalformedFrames { get; private set; }

    /// <summary>Bytes discarded outside returned frames: garbage between frames and dropped frames.</summary>
    public long SkippedBytes { get; private set; }

    /// <summary>Bytes buffered and not yet returned or skipped.</summary>
    public int BufferedBytes => _end - _start;

    /// <summary>
    /// A writable buffer of at least <paramref name="sizeHint"/> bytes (default
    /// <see cref="DefaultReadSize"/>) to read the stream into; then call <see cref="Advance"/>.
    /// Invalidates frames returned earlier.
    /// </summary>
    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(sizeHint);
        if (sizeHint == 0)
        {
            sizeHint = DefaultReadSize;
        }

        if (_buffer.Length - _end < sizeHint)
        {
            Compact();
            if (_buffer.Length - _end < sizeHint)
            {
                Grow(_end + sizeHint);
            }
        }

        return _buffer.AsMemory(_end);
    }

    /// <summary>Marks <paramref name="count"/> bytes written into the last <see cref="GetMemory"/> buffer.</summary>
    public void Advance(int count)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, _buffer.Length - _end);
        _end += count;
    }

    /// <summary>Copies <paramref name="data"/> in; a convenience over <see cref="GetMemory"/> and <see cref="Advance"/>.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        data.CopyTo(GetMemory(data.Length).Span);
        Advance(data.Length);
    }

    /// <summary>
    /// The next whole frame (SOI through EOI), if the buffered data holds one. The memory stays
    /// valid until the next <see cref="GetMemory"/>, <see cref="Write"/> or <see cref="Dispose"/>;
    /// copy it to keep it longer.
    /// </summary>
    public bool TryReadFrame(out ReadOnlyMemory<byte> frame)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var step = _state switch
            {
                State.SeekingStart => SeekStart(),
                State.Segments => ParseSegment(),
                _ => ScanEntropyData(),
            };

            if (step == Step.Continue)
            {
                continue;
            }

            if (step == Step.NeedMoreData)
            {
                if (_state != State.SeekingStart && Math.Max(_scan, _end) - _frameStart > MaxFrameBytes)
                {
                    DropOversizeFrame(Math.Max(_scan, _end));
                    continue;
                }

                frame = default;
                return false;
            }

            var length = _scan - _frameStart;
            if (length > MaxFrameBytes)
            {
                DropOversizeFrame(_scan);
                continue;
            }

            frame = _buffer.AsMemory(_frameStart, length);
            _start = _scan;
            _state = State.SeekingStart;
            Frames++;
            return true;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    private Step SeekStart()
    {
        var data = _buffer.AsSpan(_scan, _end - _scan);
        var found = data.IndexOf(JpegMarkers.StartOfImageBytes);
        if (found < 0)
        {
            // Keep a trailing FF or FF D8: the SOI may continue in the next read.
            var keep = data.EndsWith([(byte)0xFF, JpegMarkers.StartOfImage]) ? 2 : data.EndsWith([(byte)0xFF]) ? 1 : 0;
            Skip(_end - keep);
            return Step.NeedMoreData;
        }

        Skip(_scan + found);
        _frameStart = _start;
        _scan = _start + 2;
        _state = State.Segments;
        return Step.Continue;
    }

    private Step ParseSegment()
    {
        if (_scan >= _end)
        {
            return Step.NeedMoreData;
        }

        if (_buffer[_scan] != 0xFF)
        {
            return Malformed(resumeAt: _frameStart + 1);
        }

        while (_scan + 1 < _end && _buffer[_scan + 1] == 0xFF)
        {
            _scan++; // fill bytes before a marker
        }

        if (_scan + 1 >= _end)
        {
            return Step.NeedMoreData;
        }

        var marker = _buffer[_scan + 1];
        if (JpegMarkers.IsStandalone(marker))
        {
            _scan += 2;
            return Step.Continue;
        }

        switch (marker)
        {
            case JpegMarkers.EndOfImage:
                _scan += 2;
                return Step.FrameComplete;
            case JpegMarkers.StartOfImage:
                return Malformed(resumeAt: _scan);
            case 0x00:
                return Malformed(resumeAt: _frameStart + 1);
        }

        if (_scan + 4 > _end)
        {
            return Step.NeedMoreData;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(_buffer.AsSpan(_scan + 2));
        if (length < 2)
        {
            return Malformed(resumeAt: _frameStart + 1);
        }

        _scan += 2 + length;
        if (marker == JpegMarkers.StartOfScan)
        {
            _state = State.EntropyData;
        }

        return Step.Continue;
    }

    private Step ScanEntropyData()
    {
        while (true)
        {
            if (_scan >= _end)
            {
                return Step.NeedMoreData;
            }

            var found = _buffer.AsSpan(_scan, _end - _scan).IndexOf((byte)0xFF);
            if (found < 0)
            {
                _scan = _end;
                return Step.NeedMoreData;
            }

            _scan += found;
            if (_scan + 1 >= _end)
            {
                return Step.NeedMoreData;
            }

            var next = _buffer[_scan + 1];
            if (next == 0x00 || next is >= 0xD0 and <= 0xD7)
            {
                _scan += 2; // stuffed 0xFF byte or restart marker: still entropy data
            }
            else if (next == 0xFF)
            {
                _scan += 1; // fill byte before a marker
            }
            else if (next == JpegMarkers.EndOfImage)
            {
                _scan += 2;
                return Step.FrameComplete;
            }
            else if (next == JpegMarkers.StartOfImage)
            {
                return Malformed(resumeAt: _scan);
            }
            else
            {
                // Another segment (tables, next progressive scan, DNL): back to marker parsing.
                _state = State.Segments;
                return Step.Continue;
            }
        }
    }

    private Step Malformed(int resumeAt)
    {
        MalformedFrames++;
        SkippedBytes += resumeAt - _start;
        _start = resumeAt;
        _scan = resumeAt;
        _state = State.SeekingStart;
        return Step.Continue;
    }

    private void DropOversizeFrame(int frameEnd)
    {
        OversizeFrames++;

        // The rest of a dropped frame may still be arriving; it is skipped while seeking the next SOI.
        var end = Math.Min(frameEnd, _end);
        SkippedBytes += end - _start;
        _start = end;
        _scan = end;
        _state = State.SeekingStart;
    }

    private void Skip(int upTo)
    {
        SkippedBytes += upTo - _start;
        _start = upTo;
        _scan = upTo;
    }

    private void Compact()
    {
        if (_start == 0)
        {
            return;
        }

        var live = _end - _start;
        _buffer.AsSpan(_start, live).CopyTo(_buffer);
        _end = live;
        _scan -= _start;
        _frameStart -= _start;
        _start = 0;
    }

    private void Grow(int minimumLength)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(minimumLength, _buffer.Length * 2));
        _buffer.AsSpan(0, _end).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }

    private enum State
    {
        SeekingStart, // skipping bytes up to the next FF D8 FF
        Segments,     // expecting a marker: segment headers before or between scans
        EntropyData,  // inside a scan, up to the next marker that is not RSTn or a stuffed 0xFF
    }

    private enum Step
    {
        Continue,
        NeedMoreData,
        FrameComplete,
    }
}
