using IngestionCluster.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.ServiceDefaults.Logging;

/// <summary>
/// Checks the log levels (<c>Logging__LogLevel__*</c>, and a provider's own <c>Logging__Console__LogLevel__*</c>) before
/// the logger reads them: .NET throws at its first log line for a level it does not know, which ends the process with a stack trace.
/// </summary>
public static class LogLevelSettings
{
    private const string Expected = "Trace, Debug, Information, Warning, Error, Critical or None";

    /// <exception cref="OptionsValidationException">A level that .NET does not accept; one failure per setting.</exception>
    public static void Validate(IConfiguration configuration)
    {
        var problems = new List<string>();
        foreach (var section in configuration.GetSection("Logging").GetChildren())
        {
            var levels = section.Key.Equals("LogLevel", StringComparison.OrdinalIgnoreCase) ? section : section.GetSection("LogLevel");
            foreach (var (category, value) in levels.AsEnumerable(makePathsRelative: true))
            {
                // The same test as the logger's own: blank is ignored, names in any case (and numbers) are taken.
                if (!string.IsNullOrEmpty(value) && !Enum.TryParse<LogLevel>(value, ignoreCase: true, out _))
                {
                    var variable = $"{levels.Path}:{category}".Replace(":", "__", StringComparison.Ordinal);
                    problems.Add($"{variable} must be {Expected}, got '{value}'{Suggestion(value)}.");
                }
            }
        }
        if (problems.Count > 0)
        {
            throw new OptionsValidationException("Logging", typeof(LogLevel), problems);
        }
    }

    // The seeds' Python names (info, warn, fatal) are the likeliest mistake: name the level they mean.
    private static string Suggestion(string value) =>
        SeedValues.TryPythonLogLevel(value, out var level) ? $" (did you mean {level}?)" : string.Empty;
}
