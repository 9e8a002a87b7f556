using IngestionCluster.Tests.Imaging;

namespace IngestionCluster.Tests.Grains;

/// <summary>One set of ffmpeg-generated JPEG samples for the whole run (generation costs a few ffmpeg runs).</summary>
internal static class SharedJpegs
{
    private static readonly Lazy<JpegSamples> _samples = new(() =>
    {
        var samples = new JpegSamples();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => samples.Dispose();
        return samples;
    });

    public static JpegSamples Samples => _samples.Value;
}
