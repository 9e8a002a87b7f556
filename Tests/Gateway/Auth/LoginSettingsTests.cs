using IngestionCluster.Gateway.Auth;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;

namespace IngestionCluster.Tests.Gateway.Auth;

public sealed class LoginSettingsTests
{
    private static readonly IHostEnvironment Development = new HostingEnvironment { EnvironmentName = Environments.Development };

    [Fact]
    public void Configured_users_with_hashes_made_by_hash_password_are_valid()
    {
        var options = new AuthOptions
        {
            Users =
            [
                new LoginUser { Username = "admin", PasswordHash = PasswordHashing.Hash("admin-password-1"), Role = ApiRoles.Admin },
                new LoginUser { Username = "gate-cam", PasswordHash = PasswordHashing.Hash("camera-password-1"), Role = ApiRoles.Camera, CameraId = "gate-1" },
            ],
        };
        Assert.Empty(options.Problems(Development));
    }

    public static TheoryData<LoginUser, string> BadUsers => new()
    {
        { new LoginUser { Username = "admin", PasswordHash = "admin123", Role = ApiRoles.Admin }, "Auth__Users__0__PasswordHash is not a password hash" },
        { new LoginUser { Username = "", PasswordHash = PasswordHashing.Hash("password-123") }, "Auth__Users__0__Username must be" },
        { new LoginUser { Username = "ops", PasswordHash = PasswordHashing.Hash("password-123"), Role = "root" }, "Auth__Users__0__Role must be one of" },
        { new LoginUser { Username = "cam", PasswordHash = PasswordHashing.Hash("password-123"), Role = ApiRoles.Camera }, "Auth__Users__0__CameraId is required" },
        { new LoginUser { Username = "ops", PasswordHash = PasswordHashing.Hash("password-123"), CameraId = "gate-1" }, "Auth__Users__0__CameraId is required for role camera and only allowed" },
        { new LoginUser { Username = "cam", PasswordHash = PasswordHashing.Hash("password-123"), Role = ApiRoles.Camera, CameraId = "../x" }, "Auth__Users__0__CameraId:" },
    };

    [Theory]
    [MemberData(nameof(BadUsers))]
    public void A_bad_user_is_a_start_up_problem_naming_the_setting(LoginUser user, string problem)
    {
        var problems = new AuthOptions { Users = [user] }.Problems(Development).ToList();
        Assert.Contains(problems, p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_configured_twice_and_bad_lifetimes_are_start_up_problems()
    {
        var hash = PasswordHashing.Hash("password-123");
        var options = new AuthOptions
        {
            Users = [new LoginUser { Username = "ops", PasswordHash = hash }, new LoginUser { Username = "ops", PasswordHash = hash }],
            LoginTokenLifetime = TimeSpan.FromDays(2),
            RefreshTokenLifetime = TimeSpan.FromMinutes(5),
        };
        var problems = options.Problems(Development).ToList();
        Assert.Contains("Auth__Users__1__Username 'ops' is configured twice.", problems);
        Assert.Contains(problems, p => p.StartsWith("Auth__LoginTokenLifetime must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Auth__RefreshTokenLifetime must be", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Hash_password_prints_a_hash_of_the_password_on_standard_input_and_refuses_a_short_one()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        Assert.Equal(0, await HashPasswordCommand.RunAsync([], new StringReader("a-long-enough-password\n"), output, error, interactive: false));

        var hash = output.ToString().Trim();
        Assert.True(PasswordHashing.IsWellFormed(hash));
        Assert.True(PasswordHashing.Verify(new LoginUser { Username = "x", PasswordHash = hash }, "a-long-enough-password"));
        Assert.False(PasswordHashing.Verify(new LoginUser { Username = "x", PasswordHash = hash }, "another-password"));
        Assert.DoesNotContain("a-long-enough-password", output.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, await HashPasswordCommand.RunAsync([], new StringReader("short\n"), TextWriter.Null, error, interactive: false));
        Assert.Contains("at least 8 characters", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(2, await HashPasswordCommand.RunAsync(["--password", "x"], new StringReader(""), TextWriter.Null, error, interactive: false));
        Assert.Contains("takes no arguments", error.ToString(), StringComparison.Ordinal);
    }
}
