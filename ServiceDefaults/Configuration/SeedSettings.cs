using Microsoft.Extensions.Options;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>What the seed variables of an environment set: the project's settings, and which variables were used.</summary>
public sealed class SeedSettings
{
    private SeedSettings(IReadOnlyDictionary<string, string> settings, IReadOnlyList<SeedAliasUse> used)
    {
        Values = settings;
        Used = used;
    }

    /// <summary>Configuration keys (<c>Db:Host</c>) and their values.</summary>
    public IReadOnlyDictionary<string, string> Values { get; }

    public IReadOnlyList<SeedAliasUse> Used { get; }

    /// <summary>
    /// Resolves every seed variable set in <paramref name="environment"/>. A setting the project's own variable
    /// sets keeps that value (its own name wins); of two seeds naming one setting, the earlier alias wins.
    /// </summary>
    /// <exception cref="OptionsValidationException">A seed variable has a value the project cannot use; one failure per variable.</exception>
    public static SeedSettings Resolve(SeedEnvironment environment)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var used = new List<SeedAliasUse>();
        var problems = new List<string>();
        foreach (var alias in SeedAliases.All)
        {
            if (environment[alias.Variable] is not { } value)
            {
                continue;
            }
            if (alias.Group is { } group && group.Any(key => environment.SetsProjectKeyOrBelow(key) || values.Keys.Any(taken => IsAtOrBelow(taken, key))))
            {
                used.Add(new SeedAliasUse(alias.Seed, alias.Variable, [], alias.Secret));
                continue;
            }
            IReadOnlyList<KeyValuePair<string, string>> settings;
            try
            {
                settings = alias.SettingsFor(value, environment);
            }
            catch (SeedValueException e)
            {
                problems.Add(e.Message);
                continue;
            }
            catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
            {
                // A library's own check (Npgsql's limits, TimeSpan's range): one line naming the variable, like any bad value.
                problems.Add(alias.Secret
                    ? $"{alias.Variable} holds a value that cannot be used (not shown, it is secret): {e.GetType().Name}."
                    : $"{alias.Variable} holds a value that cannot be used: {e.Message}");
                continue;
            }
            var taken = new List<string>();
            foreach (var (key, setting) in settings)
            {
                if (environment.ProjectValue(key) is { } own)
                {
                    // The project's own name is set: it wins, also over a seed variable that differs only in case.
                    values[key] = own;
                }
                else if (values.TryAdd(key, setting))
                {
                    taken.Add(key);
                }
            }
            used.Add(new SeedAliasUse(alias.Seed, alias.Variable, taken, alias.Secret));
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("seed variables", typeof(SeedSettings), problems);
        }
        return new SeedSettings(values, used);
    }

    private static bool IsAtOrBelow(string key, string group) =>
        key.Equals(group, StringComparison.OrdinalIgnoreCase) || key.StartsWith(group + ":", StringComparison.OrdinalIgnoreCase);
}
