namespace IngestionCluster.Gateway.Contracts;

/// <summary>Answer of <c>POST /ingest/ldo</c> (200): the LDO seed's <c>{id, status, message, size_bytes}</c>.</summary>
public sealed record LdoIngestedResponse(string Id, string Status, string Message, long SizeBytes)
{
    /// <summary>The seed's <c>message</c> for a stored LDO.</summary>
    public const string Ingested = "LDO successfully ingested";
}
