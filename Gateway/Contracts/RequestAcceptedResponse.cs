using IngestionCluster.Grains.Abstractions.Requests;

namespace IngestionCluster.Gateway.Contracts;

/// <summary>An accepted request; follow it at <see cref="StatusUrl"/>.</summary>
public sealed record RequestAcceptedResponse(string RequestId, IngestRequestStatus Status, string StatusUrl);
