using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.IdentityModel.JsonWebTokens;

namespace IngestionCluster.Tests.Gateway.Hosting;

[Collection(GatewayCollection.Name)]
public sealed class TokenCommandTests(GatewayHosts hosts)
{
    private static readonly IConfiguration _configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(TestAuth.Settings)
        .Build();

    [Fact]
    public async Task Token_command_mints_a_camera_token_the_gateway_accepts()
    {
        var (exit, output, _) = await RunAsync("--role", "camera", "--camera", "token-cam", "--hours", "2");

        Assert.Equal(0, exit);
        var token = output.Trim();
        var parsed = new JsonWebToken(token);
        Assert.Equal("camera", parsed.GetClaim("role").Value);
        Assert.Equal("token-cam", parsed.GetClaim("camera_id").Value);
        Assert.InRange(parsed.ValidTo - DateTime.UtcNow, TimeSpan.FromMinutes(119), TimeSpan.FromMinutes(121));
        var host = await hosts.Standalone;
        var frame = new ByteArrayContent(Samples.Jpeg) { Headers = { ContentType = new("image/jpeg") } };
        await ApiAssert.StatusAsync(await host.WithToken(token).PostAsync("/api/ingest/push/token-cam", frame), HttpStatusCode.OK);
    }

    [Fact]
    public async Task Token_command_defaults_to_24_hours_and_a_subject_of_each_token_s_own()
    {
        var (exit, output, _) = await RunAsync("--role", "ingest");
        Assert.Equal(0, exit);
        var first = new JsonWebToken(output.Trim());
        Assert.InRange(first.ValidTo - DateTime.UtcNow, TimeSpan.FromHours(23.9), TimeSpan.FromHours(24.1));
        // Operators who each mint a token get a rate-limit budget each.
        var second = new JsonWebToken((await RunAsync("--role", "ingest")).Output.Trim());
        Assert.StartsWith("cli-ingest-", first.Subject, StringComparison.Ordinal);
        Assert.NotEqual(first.Subject, second.Subject);
        var named = new JsonWebToken((await RunAsync("--role", "ingest", "--subject", "alice")).Output.Trim());
        Assert.Equal("alice", named.Subject);
    }

    [Theory]
    [InlineData("role", "--role", "root")]
    [InlineData("--camera is required", "--role", "camera")]
    [InlineData("only for role camera", "--role", "viewer", "--camera", "cam-1")]
    [InlineData("not a valid camera id", "--role", "camera", "--camera", "../etc")]
    [InlineData("--hours", "--role", "admin", "--hours", "-3")]
    [InlineData("unknown", "--role", "admin", "--bogus")]
    public async Task Token_command_refuses_bad_arguments(string message, params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await TokenCommand.RunAsync(args, output, error, _configuration);
        return (exit, output.ToString(), error.ToString());
    }
}
