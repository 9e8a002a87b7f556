namespace IngestionCluster.ServiceDefaults.Logging;

/// <summary>Client-sent text (a request's field, an MQTT topic) made safe to log or quote: control characters (line breaks above all) shown as '?', and cut to a length.</summary>
public static class LogSafe
{
    /// <summary>An MQTT topic or one of its levels: a broker may pass control characters on in them.</summary>
    public static string Topic(string topic) => Text(topic, 256);

    public static string Text(string value, int maxLength)
    {
        var cut = value.Length > maxLength ? value[..maxLength] + "…" : value;
        return cut.Any(char.IsControl) ? new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]) : cut;
    }
}
