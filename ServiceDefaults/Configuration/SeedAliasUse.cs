namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>A seed variable that was set, and the project settings it provided (empty when the project's own names won).</summary>
public sealed record SeedAliasUse(string Seed, string Variable, IReadOnlyList<string> Settings, bool Secret)
{
    public override string ToString() => Settings.Count == 0
        ? $"{Variable} ({Seed}, overridden by the project's own setting)"
        : $"{Variable} ({Seed}) → {string.Join(", ", Settings.Select(s => s.Replace(":", "__", StringComparison.Ordinal)))}";
}
