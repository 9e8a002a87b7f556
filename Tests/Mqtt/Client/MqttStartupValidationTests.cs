using System.Diagnostics;
using System.Globalization;
using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>Bad MQTT settings stop the real process at start with one line per problem and exit code 3.</summary>
public sealed class MqttStartupValidationTests
{
    [Fact]
    public async Task The_standalone_silo_refuses_bad_mqtt_settings_with_one_line_each_and_never_shows_the_password()
    {
        using var data = new TempDirectory("mqtt-refused");
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "Silo.dll")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = data.Path,
        };
        start.Environment["Http__Port"] = "0";
        start.Environment["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        start.Environment["Cluster__GatewayPort"] = "0";
        start.Environment["Data__Dir"] = data.Path;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Mqtt__BrokerUrl"] = "mqtt://127.0.0.1:1";
        start.Environment["Mqtt__Password"] = "secret-without-user";
        start.Environment["Mqtt__ProtocolVersion"] = "4";
        start.Environment["Mqtt__ReceiveMaximum"] = "70000";

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The silo did not exit within 90 s:\n{await stdout}\n{await stderr}");
        }
        var errors = await stderr;
        var everything = await stdout + errors;

        Assert.Equal(StartupFailure.SettingsExitCode, process.ExitCode);
        var lines = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Mqtt:ProtocolVersion must be '5' or '3.1.1', got '4'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Mqtt:ReceiveMaximum must be between 1 and 65535", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Configuration error: Mqtt:Password is set but Mqtt:User is not", StringComparison.Ordinal));
        Assert.DoesNotContain("secret-without-user", everything, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", everything, StringComparison.Ordinal);
    }
}
