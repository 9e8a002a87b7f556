namespace IngestionCluster.Storage.Database;

/// <summary>A named set of migrations (one per area of the product), applied at start-up in registration order.</summary>
public sealed record SchemaComponent(string Name, IReadOnlyList<Migration> Migrations);
