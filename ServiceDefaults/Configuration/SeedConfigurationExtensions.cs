using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>Lets a seed service's <c>.env</c> configure a process of this project unchanged.</summary>
public static class SeedConfigurationExtensions
{
    /// <summary>
    /// A web application builder whose environment honours the log-ingest seed's <c>ENVIRONMENT</c>, with the
    /// seed variables' settings added above the environment variables (so a seed variable that differs from the
    /// project's name only in case still gets converted) and below the command line; the aliases used are
    /// logged once at start-up, without their values.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A seed variable has a bad value.</exception>
    public static WebApplicationBuilder CreateBuilderWithSeedSettings(string[] args)
    {
        var environment = SeedEnvironment.FromProcess();
        string? environmentName;
        try
        {
            environmentName = SeedAliases.EnvironmentName(environment);
        }
        catch (SeedValueException e)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException("ENVIRONMENT", typeof(SeedSettings), [e.Message]);
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = environmentName });
        var settings = builder.Configuration.AddSeedSettings(environment);
        builder.Services.AddSeedSettingsLog(settings);
        return builder;
    }

    /// <summary>Whether <paramref name="exception"/>, thrown while the settings were read, means they cannot be read (a bad value or file).</summary>
    public static bool IsUnreadableSettings(Exception exception) =>
        exception is InvalidOperationException or FormatException or Microsoft.Extensions.Options.OptionsValidationException;

    public static SeedSettings AddSeedSettings(this IConfigurationManager configuration, SeedEnvironment environment)
    {
        var sources = configuration.Sources;
        var afterEnvironment = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is EnvironmentVariablesConfigurationSource).index + 1;
        var position = Math.Min(afterEnvironment, sources.Count);
        // What ranks above the seed settings (the command line) is the project's own too: a seed's list or connection
        // URL beside it gives way whole, as beside an environment variable, instead of being merged with it by index.
        var above = new ConfigurationBuilder();
        foreach (var source in sources.Skip(position))
        {
            above.Add(source);
        }
        var settingsAbove = above.Build();
        SeedSettings settings;
        using (settingsAbove as IDisposable)
        {
            settings = SeedSettings.Resolve(environment.WithSettingsAbove(settingsAbove));
        }
        sources.Insert(position, new SeedConfigurationSource(settings));
        return settings;
    }

    /// <summary>Logs, once the host starts, which seed variables configured it.</summary>
    public static IServiceCollection AddSeedSettingsLog(this IServiceCollection services, SeedSettings settings) =>
        services.AddHostedService(sp => ActivatorUtilities.CreateInstance<SeedSettingsLog>(sp, settings));
}
