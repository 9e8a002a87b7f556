using System.Collections;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>The process's environment variables, case-sensitive as Linux keeps them.</summary>
public sealed class SeedEnvironment(IReadOnlyDictionary<string, string> variables)
{
    public static SeedEnvironment FromProcess()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }
        return new SeedEnvironment(variables);
    }

    /// <summary>The variable's value, or null when it is unset or blank.</summary>
    public string? this[string name] => variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>Whether the project's own name for a setting (<c>Db:Host</c> → <c>Db__Host</c>) is set, exactly as spelled.</summary>
    public bool SetsProjectKey(string key) => this[key.Replace(":", "__", StringComparison.Ordinal)] is not null;
}
