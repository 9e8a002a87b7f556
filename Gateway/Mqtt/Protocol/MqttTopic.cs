namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>
/// Rules for topic names and topic filters (spec 4.7): at least one character; names carry no
/// wildcard; in filters <c>+</c> fills a whole level and <c>#</c> is the last level. A filter
/// <c>$share/{group}/{filter}</c> (shared subscription, supported by Mosquitto 2.0) needs a group
/// without <c>/</c>, <c>+</c> or <c>#</c> and a valid filter after it.
/// </summary>
public static class MqttTopic
{
    public const string SharePrefix = "$share/";

    /// <summary>Null when <paramref name="topic"/> is a valid topic name, else why it is not.</summary>
    public static string? ValidateName(string topic)
    {
        if (topic.Length == 0)
        {
            return "a topic name must be at least one character long";
        }
        if (topic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            return $"topic name '{topic}' contains a wildcard character (+ or #)";
        }
        return null;
    }

    /// <summary>Null when <paramref name="filter"/> is a valid topic filter, else why it is not.</summary>
    public static string? ValidateFilter(string filter)
    {
        if (filter.Length == 0)
        {
            return "a topic filter must be at least one character long";
        }
        if (filter.StartsWith(SharePrefix, StringComparison.Ordinal))
        {
            var rest = filter.AsSpan(SharePrefix.Length);
            var slash = rest.IndexOf('/');
            if (slash <= 0)
            {
                return $"shared subscription '{filter}' must have the form $share/{{group}}/{{filter}}";
            }
            if (rest[..slash].IndexOfAny('+', '#') >= 0)
            {
                return $"shared subscription group in '{filter}' must not contain + or #";
            }
            if (slash == rest.Length - 1)
            {
                return $"shared subscription '{filter}' has no topic filter after the group";
            }
            return ValidateLevels(filter, rest[(slash + 1)..]);
        }
        return ValidateLevels(filter, filter);
    }

    /// <summary>The filter to subscribe: <paramref name="filter"/>, or <c>$share/{group}/{filter}</c> when a group is given.</summary>
    public static string Shared(string? group, string filter) =>
        string.IsNullOrEmpty(group) ? filter : $"{SharePrefix}{group}/{filter}";

    private static string? ValidateLevels(string whole, ReadOnlySpan<char> filter)
    {
        for (var i = 0; i < filter.Length; i++)
        {
            var c = filter[i];
            if (c is not ('+' or '#'))
            {
                continue;
            }
            var startsLevel = i == 0 || filter[i - 1] == '/';
            var endsLevel = i == filter.Length - 1 || filter[i + 1] == '/';
            if (!startsLevel || !endsLevel)
            {
                return $"topic filter '{whole}': wildcard '{c}' must occupy a whole level";
            }
            if (c == '#' && i != filter.Length - 1)
            {
                return $"topic filter '{whole}': '#' must be the last level";
            }
        }
        return null;
    }
}
