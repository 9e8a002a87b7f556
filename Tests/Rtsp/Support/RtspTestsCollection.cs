namespace IngestionCluster.Tests.Rtsp.Support;

/// <summary>RTSP tests run one after another: they count frames per second and processes, which concurrent ffmpeg runs would blur.</summary>
[CollectionDefinition(Name)]
public sealed class RtspTestsCollection
{
    public const string Name = "rtsp";
}
