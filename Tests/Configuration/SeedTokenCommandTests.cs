using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Configuration;

/// <summary>The <c>token</c> command reads the secret from a seed's variables, as the server does.</summary>
public sealed class SeedTokenCommandTests
{
    [Theory]
    [InlineData("API__SECRET_KEY")]
    [InlineData("JWT_SECRET_KEY")]
    public async Task The_token_command_signs_with_the_secret_a_seed_variable_sets(string variable)
    {
        var secret = $"seed-secret-set-by-{variable}-long-enough-for-hs256";

        var (exitCode, token, output) = await TokenCommandRun.RunAsync(new Dictionary<string, string> { [variable] = secret }, "--role", "viewer");

        Assert.True(exitCode == 0, output);
        Assert.DoesNotContain("development secret", output, StringComparison.Ordinal);
        Assert.True(await TokenCommandRun.IsSignedWithAsync(token, secret), $"the token is signed with {variable}'s secret");
        Assert.False(await TokenCommandRun.IsSignedWithAsync(token, new AuthOptions().JwtSecret), "the token is not signed with the development secret");
    }

    [Fact]
    public async Task The_token_command_refuses_a_bad_seed_value_with_a_line_that_names_it()
    {
        var (exitCode, _, output) = await TokenCommandRun.RunAsync(new Dictionary<string, string> { ["ENVIRONMENT"] = "qa" }, "--role", "viewer");

        Assert.Equal(2, exitCode);
        Assert.Contains("token: the settings cannot be read", output, StringComparison.Ordinal);
        Assert.Contains("ENVIRONMENT", output, StringComparison.Ordinal);
    }
}
