using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>Recognizes a start refused by settings validation (one or several sections) and lists its problems.</summary>
public static class StartupFailure
{
    /// <summary>The settings problems behind <paramref name="exception"/>, or null when it is not a settings refusal.</summary>
    public static IReadOnlyList<string>? SettingsProblems(Exception exception) => exception switch
    {
        OptionsValidationException validation => [.. validation.Failures],
        AggregateException aggregate when aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(e => e is OptionsValidationException) =>
            [.. aggregate.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures)],
        _ => null,
    };
}
