using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;

namespace IngestionCluster.Tests.Grains;

public sealed class CameraSourceTypesTests
{
    [Fact]
    public void Every_source_types_name_is_the_one_its_json_carries_and_reads_back()
    {
        foreach (var type in Enum.GetValues<CameraSourceType>())
        {
            Assert.Equal($"\"{type.Name()}\"", JsonSerializer.Serialize(type));
            Assert.True(CameraSourceTypes.TryFromName(type.Name(), out var read));
            Assert.Equal(type, read);
        }
        Assert.Equal(["http_push", "rtsp", "mqtt", "mjpeg"], CameraSourceTypes.Names);
        Assert.False(CameraSourceTypes.TryFromName("RTSP", out _));
        Assert.False(CameraSourceTypes.TryFromName(null, out _));
        Assert.Equal(("RTSP", "MJPEG"), (CameraSourceType.Rtsp.StreamKind(), CameraSourceType.Mjpeg.StreamKind()));
    }
}
