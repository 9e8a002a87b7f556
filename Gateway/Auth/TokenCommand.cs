using System.Globalization;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Auth;

/// <summary>
/// <c>token --role ingest [--camera cam-1] [--hours 24] [--subject name]</c>: prints a token signed with
/// the configured <c>Auth__*</c> settings, read as the process reads them (appsettings.json, environment
/// variables and the seeds' variables such as <c>API__SECRET_KEY</c> or <c>JWT_SECRET_KEY</c>), so the token
/// is one the server configured by the same environment accepts.
/// </summary>
public static class TokenCommand
{
    public const string Name = "token";

    public const double DefaultHours = 24;

    public const double MaxHours = 24 * 365;

    private const string Usage = "usage: token --role admin|ingest|viewer|camera [--camera <camera id>] [--hours 24] [--subject <name>]";

    /// <param name="environment">The environment the settings are read for (the process's own when it reads them itself).</param>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, IConfiguration? configuration = null, IHostEnvironment? environment = null)
    {
        if (configuration is null)
        {
            try
            {
                var builder = SeedConfigurationExtensions.CreateBuilderWithSeedSettings([]);
                configuration = builder.Configuration;
                environment = builder.Environment;
            }
            catch (Exception e) when (SeedConfigurationExtensions.IsUnreadableSettings(e))
            {
                return await FailAsync(error, $"the settings cannot be read: {e.Message}").ConfigureAwait(false);
            }
        }
        string? role = null, camera = null, subject = null;
        var hours = DefaultHours;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role" when value is not null:
                    role = value;
                    i++;
                    break;
                case "--camera" when value is not null:
                    camera = value;
                    i++;
                    break;
                case "--subject" when value is not null:
                    subject = value;
                    i++;
                    break;
                case "--hours" when value is not null:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out hours) || !(hours > 0 && hours <= MaxHours))
                    {
                        return await FailAsync(error, $"--hours must be a number greater than 0 and at most {MaxHours}.").ConfigureAwait(false);
                    }
                    i++;
                    break;
                default:
                    return await FailAsync(error, $"unknown or incomplete option '{args[i]}'.").ConfigureAwait(false);
            }
        }
        if (!ApiRoles.IsKnown(role))
        {
            return await FailAsync(error, $"--role must be one of {string.Join(", ", ApiRoles.All)}.").ConfigureAwait(false);
        }
        if (role == ApiRoles.Camera && camera is null)
        {
            return await FailAsync(error, "--camera is required for role camera.").ConfigureAwait(false);
        }
        if (role != ApiRoles.Camera && camera is not null)
        {
            return await FailAsync(error, "--camera is only for role camera.").ConfigureAwait(false);
        }
        if (camera is not null && IdRules.Explain(camera, IdRules.MaxCameraIdLength) is { } problem)
        {
            return await FailAsync(error, $"--camera is not a valid camera id: {problem}.").ConfigureAwait(false);
        }
        var options = configuration.GetSection(AuthOptions.SectionName).Get<AuthOptions>() ?? new AuthOptions();
        if (System.Text.Encoding.UTF8.GetByteCount(options.JwtSecret) < AuthOptions.MinSecretBytes)
        {
            return await FailAsync(error, $"Auth__JwtSecret must be at least {AuthOptions.MinSecretBytes} bytes long.").ConfigureAwait(false);
        }
        if (environment is not null && options.IsDevelopmentSecretRefused(environment))
        {
            return await FailAsync(error, "Auth__JwtSecret is not set (the built-in development secret is refused in Production): " +
                "run this with the server's Auth__JwtSecret (in a gateway's container, say), or with ASPNETCORE_ENVIRONMENT=Development " +
                "for a development server (dotnet run --project Silo -- token … sets it).").ConfigureAwait(false);
        }
        // Each minted token is a user of its own (rate-limit budget, logs) unless it is given a name: operators who each
        // mint one would otherwise share one budget, which a camera page or two use up.
        var request = new TokenRequest(subject ?? camera ?? $"cli-{role}-{Guid.NewGuid().ToString("N")[..8]}", role!, camera, TimeSpan.FromHours(hours));
        await output.WriteLineAsync(TokenIssuer.Issue(options, request, DateTimeOffset.UtcNow)).ConfigureAwait(false);
        if (options.UsesDevelopmentSecret)
        {
            await error.WriteLineAsync("note: signed with the built-in development secret (set Auth__JwtSecret for anything else).").ConfigureAwait(false);
        }
        return 0;
    }

    private static async Task<int> FailAsync(TextWriter error, string message)
    {
        await error.WriteLineAsync($"token: {message}").ConfigureAwait(false);
        await error.WriteLineAsync(Usage).ConfigureAwait(false);
        return 2;
    }
}
