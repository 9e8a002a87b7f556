namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// Where a topic carries the camera id: the level of the first '+' in the subscribed filter
/// (<c>camera/+/image_json</c> → level 1). A filter without '+' carries none.
/// </summary>
public sealed class TopicCameraLevel
{
    private readonly int _level;

    public TopicCameraLevel(string filter)
    {
        _level = Array.IndexOf(filter.Split('/'), "+");
    }

    public string? CameraIdOf(string topic)
    {
        if (_level < 0)
        {
            return null;
        }
        var levels = topic.Split('/');
        return _level < levels.Length ? levels[_level] : string.Empty;
    }
}
