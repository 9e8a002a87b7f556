using System.Globalization;
using System.Text;

namespace IngestionCluster.Tests.Telemetry;

/// <summary>The samples of a Prometheus text exposition, keyed by series (name and label set as written).</summary>
internal sealed class Exposition
{
    private readonly List<KeyValuePair<string, double>> _samples = [];

    private Exposition(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }
            var space = line.LastIndexOf(' ');
            // A series without labels may be written "name{}"; both spellings name the same series.
            _samples.Add(new(line[..space].Replace("{}", string.Empty, StringComparison.Ordinal), ParseValue(line[(space + 1)..])));
        }
    }

    public string Text { get; }

    public static Exposition Parse(string text) => new(text);

    public bool Contains(string series) => _samples.Any(sample => sample.Key == series);

    /// <summary>The metric families declared by <c># TYPE</c> lines, with their types.</summary>
    public IReadOnlyDictionary<string, string> Families =>
        Text.Split('\n').Where(line => line.StartsWith("# TYPE ", StringComparison.Ordinal))
            .Select(line => line.Split(' '))
            .ToDictionary(parts => parts[2], parts => parts[3], StringComparer.Ordinal);

    /// <summary>
    /// The part of the text that belongs to the families <paramref name="keep"/> accepts: their <c># HELP</c>
    /// and <c># TYPE</c> lines and the samples written under them.
    /// </summary>
    public string OnlyFamilies(Func<string, bool> keep)
    {
        var kept = new StringBuilder();
        var keeping = false;
        foreach (var line in Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# ", StringComparison.Ordinal))
            {
                keeping = keep(line.Split(' ')[2]);
            }
            if (keeping)
            {
                kept.Append(line).Append('\n');
            }
        }
        return kept.ToString();
    }

    /// <summary>The value of a series, or 0 when the series is absent (a counter never incremented).</summary>
    public double ValueOrZero(string series) =>
        _samples.FirstOrDefault(sample => sample.Key == series, new(series, 0)).Value;

    public double Value(string series)
    {
        Assert.True(Contains(series), $"series {series} is missing from:\n{Text}");
        return ValueOrZero(series);
    }

    /// <summary>The samples whose series start with <paramref name="prefix"/>, in the order written.</summary>
    public IReadOnlyList<KeyValuePair<string, double>> SamplesStartingWith(string prefix) =>
        _samples.Where(sample => sample.Key.StartsWith(prefix, StringComparison.Ordinal)).ToList();

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };
}
