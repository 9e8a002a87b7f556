using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IngestionCluster.Bench.Infrastructure;

public sealed record BenchMeasurement(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("ops_per_s")] double OpsPerSecond,
    [property: JsonPropertyName("p50_ms")] double P50Milliseconds,
    [property: JsonPropertyName("p99_ms")] double P99Milliseconds)
{
    /// <summary>Scenario-specific figures (memory, CPU, counts…).</summary>
    [JsonPropertyName("extra")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public Dictionary<string, double>? Extra { get; init; }
}

public sealed record BenchReport(
    [property: JsonPropertyName("scenario")] string Scenario,
    [property: JsonPropertyName("results")] IReadOnlyList<BenchMeasurement> Results,
    [property: JsonPropertyName("ratios")] IReadOnlyDictionary<string, double> Ratios)
{
    [JsonPropertyName("machine")]
    public string Machine { get; init; } = $"{Environment.ProcessorCount} cores, {Environment.OSVersion}";

    [JsonPropertyName("targets")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Targets { get; init; }

    /// <summary>Scenario-level figures written as top-level fields (failover's <c>recovery_s</c>, <c>lost</c>, <c>duplicated</c>).</summary>
    [JsonExtensionData]
    public Dictionary<string, object>? Fields { get; init; }

    public async Task WriteAsync(string path)
    {
        await File.WriteAllTextAsync(path, JsonSerializer.Serialize(this, new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            // Targets such as "< 100" stay readable.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
        Console.WriteLine();
        Console.WriteLine($"== {Scenario}");
        foreach (var r in Results)
        {
            Console.WriteLine($"{r.Name,-34} {r.OpsPerSecond,12:N0} ops/s   p50 {r.P50Milliseconds,8:0.000} ms   p99 {r.P99Milliseconds,8:0.000} ms" +
                (r.Extra is null ? "" : "   " + string.Join("  ", r.Extra.Select(kv => $"{kv.Key}={kv.Value:0.###}"))));
        }
        foreach (var (name, value) in Ratios)
        {
            Console.WriteLine($"{name,-34} {value:0.000}");
        }
        foreach (var (name, value) in Fields ?? [])
        {
            Console.WriteLine($"{name,-34} {value}");
        }
        Console.WriteLine($"results written to {Path.GetFullPath(path)}");
    }
}
