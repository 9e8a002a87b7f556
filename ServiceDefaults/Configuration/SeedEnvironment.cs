using System.Collections;
using Microsoft.Extensions.Configuration;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// The process's environment variables, case-sensitive as Linux keeps them, and the settings that rank above the
/// seeds' (the command line): the project's own settings are those of either.
/// </summary>
public sealed class SeedEnvironment(IReadOnlyDictionary<string, string> variables, IConfiguration? settingsAbove = null)
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

    /// <summary>This environment, with <paramref name="settings"/> (which rank above the seeds') counted as the project's own.</summary>
    public SeedEnvironment WithSettingsAbove(IConfiguration settings) => new(variables, settings);

    /// <summary>The variable's value, or null when it is unset or blank.</summary>
    public string? this[string name] => variables.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>
    /// The value of the project's own name for a setting: from the settings above the seeds', else from the environment
    /// variable (<c>Db:Host</c> → <c>Db__Host</c>) spelled in any case as .NET's configuration reads it
    /// (<c>REDIS__CONFIGURATION</c> too), but never a seed's own variable that happens to be spelled alike (TrackShift's
    /// <c>STORAGE__ENDPOINT</c>); the exact spelling first. Null when unset or blank.
    /// </summary>
    public string? ProjectValue(string key)
    {
        if (settingsAbove?[key] is { } given && !string.IsNullOrWhiteSpace(given))
        {
            return given.Trim();
        }
        var name = VariableOf(key);
        if (!SeedAliases.IsSeedVariable(name) && this[name] is { } exact)
        {
            return exact;
        }
        foreach (var (variable, value) in variables)
        {
            if (!SeedAliases.IsSeedVariable(variable) && variable.Equals(name, StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }
        return null;
    }

    /// <summary>Whether the project sets <paramref name="key"/> or any setting under it (<c>Cors:AllowedOrigins</c> → <c>Cors__AllowedOrigins__0</c>).</summary>
    public bool SetsProjectKeyOrBelow(string key)
    {
        if (settingsAbove?.GetSection(key).AsEnumerable().Any(setting => !string.IsNullOrWhiteSpace(setting.Value)) == true)
        {
            return true;
        }
        var name = VariableOf(key);
        return variables.Any(v => !SeedAliases.IsSeedVariable(v.Key) && !string.IsNullOrWhiteSpace(v.Value)
            && (v.Key.Equals(name, StringComparison.OrdinalIgnoreCase) || v.Key.StartsWith(name + "__", StringComparison.OrdinalIgnoreCase)));
    }

    private static string VariableOf(string key) => key.Replace(":", "__", StringComparison.Ordinal);
}
