using System.Globalization;

namespace IngestionCluster.Bench.Infrastructure;

/// <summary>Command line: <c>SCENARIO [--name value | --flag] ...</c>.</summary>
public sealed class BenchArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public BenchArguments(string[] args)
    {
        Scenario = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal) ? args[0] : string.Empty;
        for (var i = Scenario.Length == 0 ? 0 : 1; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }
            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _options[name] = hasValue ? args[++i] : "true";
        }
    }

    public string Scenario { get; }

    public int Int(string name, int fallback) =>
        _options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public double Double(string name, double fallback) =>
        _options.TryGetValue(name, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    public string? String(string name) => _options.GetValueOrDefault(name);

    public bool Flag(string name) => _options.TryGetValue(name, out var value) && value != "false";

    public TimeSpan Duration => TimeSpan.FromSeconds(Double("seconds", 10));

    public string OutputPath => String("out") ?? "results.json";
}
