using IngestionCluster.Grains.Abstractions.DeadLetters;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>A page of dead letters, newest first.</summary>
public sealed record DeadLetterListResponse(long Total, int Skip, int Limit, IReadOnlyList<DeadLetter> DeadLetters);
