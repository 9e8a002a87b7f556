using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Configuration;

/// <summary>The <c>token</c> command as an operator runs it in a container of either process.</summary>
public sealed class TokenCommandProcessTests
{
    private const string Secret = "gateway-container-secret-long-enough-for-hs256";

    [Fact]
    public async Task The_gateway_process_mints_a_token_with_its_own_secret()
    {
        var (exitCode, token, output) = await TokenCommandRun.RunAsync("Gateway.dll",
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Auth__JwtSecret"] = Secret }, "--role", "admin");

        Assert.True(exitCode == 0, output);
        Assert.True(await TokenCommandRun.IsSignedWithAsync(token, Secret), "the token is signed with the gateway's Auth__JwtSecret");
    }

    [Theory]
    [InlineData("Silo.dll")]
    [InlineData("Gateway.dll")]
    public async Task In_Production_without_a_secret_no_token_is_printed(string processDll)
    {
        var (exitCode, _, output) = await TokenCommandRun.RunAsync(processDll,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, "--role", "admin");

        Assert.Equal(2, exitCode);
        Assert.Contains("token: Auth__JwtSecret is not set", output, StringComparison.Ordinal);
        Assert.DoesNotContain("eyJ", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task In_Development_without_a_secret_the_token_is_signed_with_the_development_secret_and_says_so()
    {
        var (exitCode, token, output) = await TokenCommandRun.RunAsync(
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development" }, "--role", "viewer");

        Assert.True(exitCode == 0, output);
        Assert.Contains("note: signed with the built-in development secret", output, StringComparison.Ordinal);
        Assert.True(await TokenCommandRun.IsSignedWithAsync(token, new AuthOptions().JwtSecret), "the development secret signs it");
    }
}
