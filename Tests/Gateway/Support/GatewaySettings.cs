namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>Settings every test gateway shares: the test secret, small limits (so oversize tests stay cheap), no rate limit, fast polling.</summary>
internal static class GatewaySettings
{
    public const long MaxFileSize = 256 * 1024;
    public const int MaxBatchSize = 3;
    public const long MaxFrameSize = 512 * 1024;
    public const long MaxVideoSize = 1024 * 1024;

    public static Dictionary<string, string?> Defaults() => new(TestAuth.Settings)
    {
        ["RateLimit:Enabled"] = "false",
        ["Upload:MaxFileSize"] = MaxFileSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Upload:MaxBatchSize"] = MaxBatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Upload:MaxFrameSize"] = MaxFrameSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Ldo:MaxVideoSize"] = MaxVideoSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Work:PollInterval"] = "00:00:00.050",
        ["Storage:RetryAttempts"] = "2",
        ["Storage:RetryBaseDelay"] = "00:00:00.100",
    };
}
