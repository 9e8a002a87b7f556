using Microsoft.Extensions.Options;

namespace IngestionCluster.ServiceDefaults.Hosting;

/// <summary>Recognizes a start refused by settings (validation of one or several sections, or a value that does not parse) and lists its problems.</summary>
public static class StartupFailure
{
    /// <summary>Exit code of a process that refused its settings.</summary>
    public const int SettingsExitCode = 3;

    /// <summary>
    /// Runs a host; when it refuses its settings, prints one <c>Configuration error: …</c> line per problem to
    /// <paramref name="error"/> and returns <see cref="SettingsExitCode"/> instead of crashing with a stack trace.
    /// </summary>
    public static async Task<int> ReportSettingsProblemsAsync(Func<Task<int>> run, TextWriter error)
    {
        try
        {
            return await run();
        }
        catch (Exception e) when (SettingsProblems(e) is { } problems)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"Configuration error: {problem}");
            }
            return SettingsExitCode;
        }
    }

    /// <summary>The settings problems behind <paramref name="exception"/>, or null when it is not a settings refusal.</summary>
    public static IReadOnlyList<string>? SettingsProblems(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        // The configuration binder's message names the key and the value, e.g. "Failed to convert configuration value 'x' at 'Cluster:Partitions' to type 'System.Int32'."
        InvalidOperationException binding when binding.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => [binding.Message],
        _ => null,
    };
}
