namespace IngestionCluster.Grains.Imaging;

/// <summary>Full-size dimensions of a JPEG, as read by TurboJPEG from its frame header.</summary>
public readonly record struct JpegHeader(int Width, int Height);
