using Orleans;

namespace IngestionCluster.Grains.Abstractions.Requests;

/// <summary>A file of an upload that was not stored, and why (not an image of an accepted type, or empty).</summary>
/// <param name="Filename">The client's file name.</param>
/// <param name="Reason">Why it was skipped.</param>
[GenerateSerializer, Alias("ic.SkippedFile")]
public sealed record SkippedFile([Id(0)] string Filename, [Id(1)] string Reason);
