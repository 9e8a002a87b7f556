namespace IngestionCluster.Tests.Telemetry;

/// <summary>One span of an OTLP trace export: who sent it, from which source, and where it sits in its trace.</summary>
internal sealed record OtlpSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name)
{
    public bool IsRoot => ParentSpanId.Length == 0;
}
