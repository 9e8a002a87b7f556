using System.Collections;

namespace IngestionCluster.ServiceDefaults.Logging;

/// <summary>
/// Named values for <c>ILogger.BeginScope</c>. Structured sinks (the JSON console, OpenTelemetry) read the
/// pairs; the text console prints <see cref="ToString"/>, so a line shows <c>camera_id=cam-1</c> there
/// rather than the name of a collection type.
/// </summary>
public sealed class LogScope(params KeyValuePair<string, object?>[] values) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => values.Length;

    public KeyValuePair<string, object?> this[int index] => values[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(' ', values.Select(pair => $"{pair.Key}={pair.Value}"));
}
