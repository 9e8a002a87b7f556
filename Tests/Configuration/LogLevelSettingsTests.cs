using IngestionCluster.ServiceDefaults.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Configuration;

public sealed class LogLevelSettingsTests
{
    [Theory]
    [InlineData("Logging:LogLevel:Default", "Information")]
    [InlineData("Logging:LogLevel:Microsoft.AspNetCore", "warning")]
    [InlineData("Logging:Console:LogLevel:Default", "NONE")]
    [InlineData("Logging:LogLevel:Default", "")]
    public void A_level_dotnet_accepts_passes(string key, string value)
    {
        LogLevelSettings.Validate(Configuration((key, value)));
    }

    [Theory]
    [InlineData("Logging:LogLevel:Default", "info", "Logging__LogLevel__Default must be Trace, Debug, Information, Warning, Error, Critical or None, got 'info' (did you mean Information?).")]
    [InlineData("Logging:LogLevel:Orleans", "warn", "Logging__LogLevel__Orleans must be Trace, Debug, Information, Warning, Error, Critical or None, got 'warn' (did you mean Warning?).")]
    [InlineData("Logging:Console:LogLevel:Default", "loud", "Logging__Console__LogLevel__Default must be Trace, Debug, Information, Warning, Error, Critical or None, got 'loud'.")]
    public void A_level_dotnet_refuses_is_a_settings_error_naming_the_key(string key, string value, string expected)
    {
        var error = Assert.Throws<OptionsValidationException>(() => LogLevelSettings.Validate(Configuration((key, value))));
        Assert.Equal(expected, Assert.Single(error.Failures));
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
}
