namespace IngestionCluster.Runtime.Messaging;

/// <summary>The addressing and control part of a message; the arguments travel beside it.</summary>
internal sealed record CallEnvelope
{
    public required MessageKind Kind { get; init; }

    /// <summary>Wire name of the target grain interface (empty for partition wake-ups).</summary>
    public required string GrainType { get; init; }

    public required string GrainKey { get; init; }

    public required string Method { get; init; }

    public required int Partition { get; init; }

    public required string CallId { get; init; }

    /// <summary>When the caller stops waiting (Unix ms); 0 for none. Expired requests are not run.</summary>
    public long DeadlineUnixMs { get; init; }

    /// <summary>W3C trace context of the caller.</summary>
    public string? TraceParent { get; init; }

    public string? TraceState { get; init; }
}
