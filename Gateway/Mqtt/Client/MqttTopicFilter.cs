using System.Text;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Checks of subscription filters and other MQTT strings, so that a bad setting is refused at start-up
/// with its name rather than by the broker later; and the shared-subscription form of a filter.
/// </summary>
public static class MqttTopicFilter
{
    private const int MaxUtf8Bytes = ushort.MaxValue;

    /// <summary><c>$share/{group}/{filter}</c>, or <paramref name="filter"/> itself when there is no group.</summary>
    public static string Shared(string? group, string filter) =>
        string.IsNullOrEmpty(group) ? filter : $"$share/{group}/{filter}";

    /// <summary>Why <paramref name="filter"/> is not a valid subscription filter, or null when it is.</summary>
    public static string? Problem(string? filter)
    {
        if (string.IsNullOrEmpty(filter))
        {
            return "the topic filter is empty";
        }
        if (TextProblem(filter) is { } text)
        {
            return text;
        }
        if (filter.StartsWith("$share/", StringComparison.Ordinal))
        {
            return $"'{filter}' is already a shared subscription; set Mqtt:SharedGroup instead";
        }
        var levels = filter.Split('/');
        for (var i = 0; i < levels.Length; i++)
        {
            var level = levels[i];
            if (level.Contains('#', StringComparison.Ordinal) && (level != "#" || i != levels.Length - 1))
            {
                return $"'{filter}': '#' must be a whole level and the last one";
            }
            if (level.Contains('+', StringComparison.Ordinal) && level != "+")
            {
                return $"'{filter}': '+' must be a whole level";
            }
        }
        return null;
    }

    /// <summary>Why <paramref name="group"/> cannot name a shared subscription group, or null when it can.</summary>
    public static string? SharedGroupProblem(string group) =>
        group.AsSpan().IndexOfAny("/+#") >= 0 ? $"'{group}' must not contain '/', '+' or '#'" : TextProblem(group);

    /// <summary>Why <paramref name="value"/> cannot be sent as an MQTT UTF-8 string, or null when it can.</summary>
    public static string? TextProblem(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            return "must not contain the character U+0000";
        }
        var bytes = Encoding.UTF8.GetByteCount(value);
        return bytes > MaxUtf8Bytes ? $"is {bytes} UTF-8 bytes long; MQTT allows at most {MaxUtf8Bytes}" : null;
    }
}
