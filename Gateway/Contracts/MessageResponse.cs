namespace IngestionCluster.Gateway.Contracts;

/// <summary>A seed route's answer that is only a message, e.g. <c>{"message": "LDO ldo-42 deleted"}</c>.</summary>
public sealed record MessageResponse(string Message);
