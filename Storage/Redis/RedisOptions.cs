using Microsoft.Extensions.Options;

namespace IngestionCluster.Storage.Redis;

/// <summary>Settings of section <c>Redis</c> (cluster mode): membership, the grain directory, chunk staging and camera events.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>redis:6379,password=…</c> (<c>Redis__Configuration</c>).</summary>
    public string? Configuration { get; set; }

    /// <summary>Prefix of the keys the product writes itself (chunk staging); Orleans' own keys carry the service and cluster ids.</summary>
    public string KeyPrefix { get; set; } = "ingest:";

    public void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Configuration))
        {
            problems.Add("Redis__Configuration is required in cluster mode (e.g. 'localhost:6379').");
        }
        else
        {
            try
            {
                _ = StackExchange.Redis.ConfigurationOptions.Parse(Configuration);
            }
            catch (ArgumentException e)
            {
                problems.Add($"Redis__Configuration is not a valid StackExchange.Redis configuration: {e.Message}");
            }
        }
        if (string.IsNullOrEmpty(KeyPrefix) || KeyPrefix.Length > 64 || KeyPrefix.Any(char.IsWhiteSpace))
        {
            problems.Add("Redis__KeyPrefix must be 1-64 characters without spaces.");
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(SectionName, typeof(RedisOptions), problems);
        }
    }

    /// <summary>
    /// The parsed configuration, with reconnects that never give up (the cluster must survive a Redis restart), and
    /// commands that fail at once while the connection is down instead of queueing until they time out: a caller
    /// then hears "Redis is not reachable" (503, or a retried MQTT hand-off) rather than waiting out the
    /// cluster's response timeout (504).
    /// </summary>
    public StackExchange.Redis.ConfigurationOptions ToConfigurationOptions()
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(Configuration!);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
        options.ClientName ??= "ingestion-cluster";
        return options;
    }

    /// <summary>The configuration without its password, for logs and health output.</summary>
    public string Describe() => ToConfigurationOptions().ToString(includePassword: false);
}
