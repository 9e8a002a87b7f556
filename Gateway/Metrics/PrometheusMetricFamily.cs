using System.Text;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// One metric family of the exposition: its <c># HELP</c> and <c># TYPE</c> lines and the samples of
/// every label set, kept sorted by label set so that the output is deterministic.
/// </summary>
internal sealed class PrometheusMetricFamily(string name, string help, PrometheusMetricType type)
{
    private readonly SortedDictionary<string, string> _samplesByLabels = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    public PrometheusMetricType Type { get; } = type;

    /// <summary>Adds the sample lines of one label set; a label set seen before keeps its first samples.</summary>
    public void AddSamples(string labels, string sampleLines) => _samplesByLabels.TryAdd(labels, sampleLines);

    public void WriteTo(StringBuilder output)
    {
        output.Append("# HELP ").Append(Name).Append(' ');
        AppendEscapedHelp(output, help);
        output.Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(TypeName(Type)).Append('\n');
        foreach (var samples in _samplesByLabels.Values)
        {
            output.Append(samples);
        }
    }

    private static string TypeName(PrometheusMetricType type) => type switch
    {
        PrometheusMetricType.Counter => "counter",
        PrometheusMetricType.Histogram => "histogram",
        _ => "gauge",
    };

    private static void AppendEscapedHelp(StringBuilder output, string text)
    {
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    output.Append(@"\\");
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
}
