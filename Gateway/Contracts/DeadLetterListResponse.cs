using IngestionCluster.Runtime.Transport;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>The answer of <c>GET /api/admin/dead-letters</c>: the first <c>count</c> messages of the dead-letter queue.</summary>
public sealed record DeadLetterListResponse(int Count, int Limit, IReadOnlyList<DeadLetter> DeadLetters);
