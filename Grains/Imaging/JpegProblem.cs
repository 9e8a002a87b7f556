namespace IngestionCluster.Grains.Imaging;

/// <summary>Why <see cref="JpegInspector"/> rejected a buffer (a low-cardinality metric label).</summary>
public enum JpegProblem
{
    /// <summary>The buffer looks like a whole JPEG.</summary>
    None,

    /// <summary>Zero bytes.</summary>
    Empty,

    /// <summary>Larger than the caller's limit.</summary>
    TooLarge,

    /// <summary>No SOI marker at the start: another format or garbage.</summary>
    NotJpeg,

    /// <summary>Ends before the frame header or without an EOI marker.</summary>
    Truncated,

    /// <summary>Starts like a JPEG but its marker structure is invalid.</summary>
    Malformed,
}
