using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// Writes collected OpenTelemetry metrics in the Prometheus text exposition format 0.0.4:
/// families sorted by name, samples sorted by label set, counters with <c>_total</c>, histograms as
/// cumulative <c>_bucket</c> lines ending with <c>le="+Inf"</c> followed by <c>_sum</c> and <c>_count</c>,
/// and the resource as a <c>target_info</c> gauge.
/// </summary>
internal static class PrometheusTextSerializer
{
    /// <summary>The content type of the text exposition format 0.0.4.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private const string TargetInfoName = "target_info";
    private const string BucketLabel = "le";

    public static string Serialize(IEnumerable<Metric> metrics, Resource resource)
    {
        var families = new SortedDictionary<string, PrometheusMetricFamily>(StringComparer.Ordinal);
        AddTargetInfo(families, resource);
        foreach (var metric in metrics)
        {
            AddMetric(families, metric);
        }
        var output = new StringBuilder();
        foreach (var family in families.Values)
        {
            family.WriteTo(output);
        }
        return output.ToString();
    }

    private static void AddMetric(SortedDictionary<string, PrometheusMetricFamily> families, Metric metric)
    {
        if (MapType(metric.MetricType) is not { } type)
        {
            // Exponential histograms have no representation in the 0.0.4 text format.
            return;
        }
        var name = PrometheusNaming.MetricName(metric.Name, metric.Unit, type);
        if (!families.TryGetValue(name, out var family))
        {
            var help = string.IsNullOrWhiteSpace(metric.Description) ? metric.Name : metric.Description;
            family = new PrometheusMetricFamily(name, help, type);
            families.Add(name, family);
        }
        else if (family.Type != type)
        {
            // Two instruments of different kinds mapped to one name: a family has one type, the first wins.
            return;
        }

        foreach (ref readonly var point in metric.GetMetricPoints())
        {
            var labels = FormatLabels(point.Tags, type);
            var samples = new StringBuilder();
            switch (metric.MetricType)
            {
                case MetricType.LongSum or MetricType.LongSumNonMonotonic:
                    AppendSample(samples, name, labels, FormatLong(point.GetSumLong()));
                    break;
                case MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic:
                    AppendSample(samples, name, labels, FormatDouble(point.GetSumDouble()));
                    break;
                case MetricType.LongGauge:
                    AppendSample(samples, name, labels, FormatLong(point.GetGaugeLastValueLong()));
                    break;
                case MetricType.DoubleGauge:
                    AppendSample(samples, name, labels, FormatDouble(point.GetGaugeLastValueDouble()));
                    break;
                case MetricType.Histogram:
                    AppendHistogram(samples, name, labels, in point);
                    break;
            }
            family.AddSamples(labels, samples.ToString());
        }
    }

    private static void AppendHistogram(StringBuilder samples, string name, string labels, in MetricPoint point)
    {
        var bucketName = name + "_bucket";
        var labelPrefix = labels.Length == 0 ? string.Empty : labels + ",";
        var count = point.GetHistogramCount();
        long cumulative = 0;
        var sawInfinity = false;
        foreach (var bucket in point.GetHistogramBuckets())
        {
            cumulative += bucket.BucketCount;
            sawInfinity = double.IsPositiveInfinity(bucket.ExplicitBound);
            var le = $"{labelPrefix}{BucketLabel}=\"{FormatDouble(bucket.ExplicitBound)}\"";
            AppendSample(samples, bucketName, le, FormatLong(cumulative));
        }
        if (!sawInfinity)
        {
            AppendSample(samples, bucketName, $"{labelPrefix}{BucketLabel}=\"+Inf\"", FormatLong(count));
        }
        AppendSample(samples, name + "_sum", labels, FormatDouble(point.GetHistogramSum()));
        AppendSample(samples, name + "_count", labels, FormatLong(count));
    }

    private static void AddTargetInfo(SortedDictionary<string, PrometheusMetricFamily> families, Resource resource)
    {
        var attributes = resource.Attributes.Select(static a => new KeyValuePair<string, object?>(a.Key, a.Value)).ToList();
        if (attributes.Count == 0)
        {
            return;
        }
        var family = new PrometheusMetricFamily(TargetInfoName, "Target metadata", PrometheusMetricType.Gauge);
        var labels = FormatLabels(attributes, PrometheusMetricType.Gauge);
        var samples = new StringBuilder();
        AppendSample(samples, TargetInfoName, labels, "1");
        family.AddSamples(labels, samples.ToString());
        families.Add(TargetInfoName, family);
    }

    private static void AppendSample(StringBuilder output, string name, string labels, string value)
    {
        output.Append(name);
        if (labels.Length > 0)
        {
            output.Append('{').Append(labels).Append('}');
        }
        output.Append(' ').Append(value).Append('\n');
    }

    /// <summary>
    /// The inner part of a label set (<c>a="1",b="2"</c>), sorted by label name. Keys that sanitize to
    /// the same name are merged, their values joined with <c>;</c> in the order of the original keys.
    /// </summary>
    private static string FormatLabels(IEnumerable<KeyValuePair<string, object?>> tags, PrometheusMetricType type)
    {
        var labels = new List<(string Name, string Key, string Value)>();
        foreach (var (key, value) in tags)
        {
            if (string.IsNullOrEmpty(key))
            {
                continue;
            }
            var name = PrometheusNaming.LabelName(key);
            if (type == PrometheusMetricType.Histogram && name == BucketLabel)
            {
                name = "key_" + name;
            }
            labels.Add((name, key, FormatTagValue(value)));
        }
        if (labels.Count == 0)
        {
            return string.Empty;
        }
        labels.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : string.CompareOrdinal(a.Key, b.Key);
        });

        var output = new StringBuilder();
        for (var i = 0; i < labels.Count; i++)
        {
            var (name, _, value) = labels[i];
            if (i > 0 && labels[i - 1].Name == name)
            {
                // Reopen the previous value: drop its closing quote and append this one.
                output.Length--;
                output.Append(';');
            }
            else
            {
                if (output.Length > 0)
                {
                    output.Append(',');
                }
                output.Append(name).Append("=\"");
            }
            AppendEscapedLabelValue(output, value);
            output.Append('"');
        }
        return output.ToString();
    }

    private static string FormatLabels(ReadOnlyTagCollection tags, PrometheusMetricType type)
    {
        if (tags.Count == 0)
        {
            return string.Empty;
        }
        var pairs = new List<KeyValuePair<string, object?>>(tags.Count);
        foreach (var tag in tags)
        {
            pairs.Add(tag);
        }
        return FormatLabels(pairs, type);
    }

    private static void AppendEscapedLabelValue(StringBuilder output, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    output.Append(@"\\");
                    break;
                case '"':
                    output.Append("\\\"");
                    break;
                case '\n':
                    output.Append(@"\n");
                    break;
                default:
                    output.Append(c);
                    break;
            }
        }
    }

    private static string FormatTagValue(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        bool flag => flag ? "true" : "false",
        double number => FormatDouble(number),
        float number => FormatDouble(number),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        IEnumerable sequence => JsonSerializer.Serialize(sequence.Cast<object?>().ToArray()),
        _ => value.ToString() ?? string.Empty,
    };

    private static PrometheusMetricType? MapType(MetricType type) => type switch
    {
        MetricType.LongSum or MetricType.DoubleSum => PrometheusMetricType.Counter,
        MetricType.LongSumNonMonotonic or MetricType.DoubleSumNonMonotonic => PrometheusMetricType.Gauge,
        MetricType.LongGauge or MetricType.DoubleGauge => PrometheusMetricType.Gauge,
        MetricType.Histogram => PrometheusMetricType.Histogram,
        _ => null,
    };

    private static string FormatLong(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string FormatDouble(double value)
    {
        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }
        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }
        // Shortest round-trip form ("0.1", "1E-05"), which Prometheus' float parser accepts; NaN stays "NaN".
        return value.ToString(CultureInfo.InvariantCulture);
    }
}
