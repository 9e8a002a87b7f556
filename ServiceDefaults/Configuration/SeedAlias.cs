namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// One environment variable of a seed service that configures this project unchanged: its seed, its name,
/// whether its value is a secret (never logged), and how its value becomes the project's settings.
/// </summary>
/// <param name="Seed">The seed service it comes from.</param>
/// <param name="Variable">The environment variable, exactly as the seed's .env spells it.</param>
/// <param name="Secret">Its value is never logged.</param>
/// <param name="Settings">The project's settings (configuration keys such as <c>Db:Host</c>) for a value; throws <see cref="SeedValueException"/> for a bad one.</param>
/// <param name="Group">
/// Settings that only make sense together (a database's connection string and its host, port, …; a list of origins):
/// when the project sets any of them, or an earlier seed variable did, this variable provides none of them.
/// </param>
public sealed record SeedAlias(string Seed, string Variable, bool Secret, Func<string, SeedEnvironment, IReadOnlyList<KeyValuePair<string, string>>> Settings,
    IReadOnlyList<string>? Group = null)
{
    public IReadOnlyList<KeyValuePair<string, string>> SettingsFor(string value, SeedEnvironment environment) => Settings(value.Trim(), environment);
}
