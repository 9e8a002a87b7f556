using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>Bad MQTT settings stop the real process at start with one line per problem and exit code 3.</summary>
public sealed class MqttStartupValidationTests
{
    [Fact]
    public async Task The_standalone_silo_refuses_bad_mqtt_settings_with_one_line_each_and_never_shows_the_password()
    {
        var (exitCode, everything) = await RefusedSiloRun.RunAsync(new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Mqtt__BrokerUrl"] = "mqtt://127.0.0.1:1",
            ["Mqtt__Password"] = "secret-without-user",
            ["Mqtt__ProtocolVersion"] = "4",
            ["Mqtt__ReceiveMaximum"] = "70000",
        });

        Assert.Equal(StartupFailure.SettingsExitCode, exitCode);
        var lines = everything.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Mqtt:ProtocolVersion must be '5' or '3.1.1', got '4'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Mqtt:ReceiveMaximum must be between 1 and 65535", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Mqtt:Password is set but Mqtt:User is not", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-without-user", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", everything, StringComparison.Ordinal);
    }
}
