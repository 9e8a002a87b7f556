using System.Diagnostics;
using System.Text;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Fixtures;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IngestionCluster.Tests.Processes;

/// <summary>Runs <c>dotnet Silo.dll token …</c> (or the Gateway's) as a user does, with the given environment.</summary>
internal static class TokenCommandRun
{
    /// <summary>The exit code, the token (the first line printed) and everything printed.</summary>
    public static Task<(int ExitCode, string Token, string Output)> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunAsync("Silo.dll", environment, args);

    /// <summary>The same, run by <paramref name="processDll"/> (<c>Silo.dll</c> or <c>Gateway.dll</c>).</summary>
    public static async Task<(int ExitCode, string Token, string Output)> RunAsync(string processDll, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, processDll), "token", .. args]);
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var (exitCode, output) = await CommandRun.RunAsync(start, TimeSpan.FromSeconds(60), "token command");
        return (exitCode, output.Split('\n')[0].Trim(), output);
    }

    /// <summary>Whether <paramref name="token"/> is signed with <paramref name="secret"/> for the default issuer and audience.</summary>
    public static async Task<bool> IsSignedWithAsync(string token, string secret)
    {
        var defaults = new AuthOptions();
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret)),
            ValidIssuer = defaults.Issuer,
            ValidAudience = defaults.Audience,
        });
        return result.IsValid;
    }
}
