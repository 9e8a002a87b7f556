using System.Collections.Frozen;
using System.Text;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// Turns OpenTelemetry instrument names, units and tag keys into Prometheus metric and label names,
/// following the OpenTelemetry-to-Prometheus compatibility rules: invalid characters become
/// <c>_</c>, the UCUM unit becomes a suffix, counters end in <c>_total</c>.
/// </summary>
internal static class PrometheusNaming
{
    private const string TotalSuffix = "_total";

    private static readonly FrozenDictionary<string, string> _unitNames = new Dictionary<string, string>
    {
        ["d"] = "days",
        ["h"] = "hours",
        ["min"] = "minutes",
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["us"] = "microseconds",
        ["ns"] = "nanoseconds",
        ["By"] = "bytes",
        ["KiBy"] = "kibibytes",
        ["MiBy"] = "mebibytes",
        ["GiBy"] = "gibibytes",
        ["TiBy"] = "tibibytes",
        ["KBy"] = "kilobytes",
        ["MBy"] = "megabytes",
        ["GBy"] = "gigabytes",
        ["TBy"] = "terabytes",
        ["bit"] = "bits",
        ["m"] = "meters",
        ["V"] = "volts",
        ["A"] = "amperes",
        ["J"] = "joules",
        ["W"] = "watts",
        ["g"] = "grams",
        ["Cel"] = "celsius",
        ["Hz"] = "hertz",
        ["%"] = "percent",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, string> _perUnitNames = new Dictionary<string, string>
    {
        ["s"] = "second",
        ["min"] = "minute",
        ["h"] = "hour",
        ["d"] = "day",
        ["w"] = "week",
        ["mo"] = "month",
        ["y"] = "year",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The metric family name: sanitized instrument name, unit suffix, and <c>_total</c> for counters.</summary>
    public static string MetricName(string instrumentName, string? unit, PrometheusMetricType type)
    {
        var name = Sanitize(instrumentName, digitPrefix: "_");
        var isCounter = type == PrometheusMetricType.Counter;
        if (isCounter && name.EndsWith(TotalSuffix, StringComparison.Ordinal) && name.Length > TotalSuffix.Length)
        {
            name = name[..^TotalSuffix.Length];
        }
        var unitSuffix = UnitSuffix(unit, type);
        if (unitSuffix is not null && !name.EndsWith("_" + unitSuffix, StringComparison.Ordinal))
        {
            name = $"{name}_{unitSuffix}";
        }
        return isCounter ? name + TotalSuffix : name;
    }

    /// <summary>
    /// The name suffix for a UCUM unit: <c>s</c> → <c>seconds</c>, <c>By/s</c> → <c>bytes_per_second</c>,
    /// <c>1</c> → <c>ratio</c> on gauges; <c>null</c> when the unit adds nothing (empty, <c>{request}</c>).
    /// </summary>
    public static string? UnitSuffix(string? unit, PrometheusMetricType type)
    {
        var stripped = StripAnnotations(unit);
        if (stripped.Length == 0)
        {
            return null;
        }
        if (stripped == "1")
        {
            return type == PrometheusMetricType.Gauge ? "ratio" : null;
        }
        string suffix;
        var slash = stripped.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            var numerator = stripped[..slash].Trim();
            var denominator = stripped[(slash + 1)..].Trim();
            var perName = _perUnitNames.GetValueOrDefault(denominator, denominator);
            suffix = numerator.Length == 0 || numerator == "1"
                ? $"per_{perName}"
                : $"{_unitNames.GetValueOrDefault(numerator, numerator)}_per_{perName}";
        }
        else
        {
            suffix = _unitNames.GetValueOrDefault(stripped, stripped);
        }
        var sanitized = Sanitize(suffix, digitPrefix: "_").Trim('_');
        return sanitized.Length == 0 ? null : sanitized;
    }

    /// <summary>A label name: invalid characters become <c>_</c>; a leading digit gets the prefix <c>key_</c>.</summary>
    public static string LabelName(string tagKey) => Sanitize(tagKey, digitPrefix: "key_");

    /// <summary>
    /// Replaces every character outside <c>[a-zA-Z0-9_]</c> by <c>_</c>, collapses runs of <c>_</c>,
    /// and prefixes a leading digit. Colons are replaced too: Prometheus reserves them for recording rules.
    /// </summary>
    private static string Sanitize(string value, string digitPrefix)
    {
        if (value.Length == 0)
        {
            return "_";
        }
        var builder = new StringBuilder(value.Length + digitPrefix.Length);
        if (char.IsAsciiDigit(value[0]))
        {
            builder.Append(digitPrefix);
        }
        foreach (var c in value)
        {
            var valid = char.IsAsciiLetterOrDigit(c) ? c : '_';
            if (valid == '_' && builder.Length > 0 && builder[^1] == '_')
            {
                continue;
            }
            builder.Append(valid);
        }
        return builder.ToString();
    }

    private static string StripAnnotations(string? unit)
    {
        if (string.IsNullOrWhiteSpace(unit))
        {
            return string.Empty;
        }
        if (!unit.Contains('{', StringComparison.Ordinal))
        {
            return unit.Trim();
        }
        var builder = new StringBuilder(unit.Length);
        var depth = 0;
        foreach (var c in unit)
        {
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && depth > 0)
            {
                depth--;
            }
            else if (depth == 0)
            {
                builder.Append(c);
            }
        }
        return builder.ToString().Trim();
    }
}
