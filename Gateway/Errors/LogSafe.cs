namespace IngestionCluster.Gateway.Errors;

/// <summary>Client-sent text made safe to log or quote: control characters (line breaks above all) shown as '?', and cut to a length.</summary>
internal static class LogSafe
{
    public static string Text(string value, int maxLength)
    {
        var cut = value.Length > maxLength ? value[..maxLength] + "…" : value;
        return cut.Any(char.IsControl) ? new string([.. cut.Select(c => char.IsControl(c) ? '?' : c)]) : cut;
    }
}
