using System.Globalization;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>The container health check finds the process's port wherever the process found it.</summary>
public sealed class HealthcheckPortTests
{
    [Fact]
    public async Task The_healthcheck_reads_the_port_from_the_environment_the_command_line_or_appsettings_json()
    {
        await using var silo = await ProductProcess.StartSiloAsync("hcport", new Dictionary<string, string>());
        var port = silo.HttpPort.ToString(CultureInfo.InvariantCulture);
        using var folder = new TempDirectory("hcport-settings");
        await File.WriteAllTextAsync(folder.Combine("appsettings.json"), $$"""{ "Http": { "Port": {{port}} } }""");

        Assert.Equal(0, (await HealthcheckRun.RunAsync("Silo", start => start.Environment["Http__Port"] = port)).ExitCode);
        Assert.Equal(0, (await HealthcheckRun.RunAsync("Silo", start => start.Environment["ASPNETCORE_URLS"] = $"http://+:{port}")).ExitCode);
        Assert.Equal(0, (await HealthcheckRun.RunAsync("Silo", start => start.ArgumentList.Add($"--urls=http://0.0.0.0:{port}"))).ExitCode);
        Assert.Equal(0, (await HealthcheckRun.RunAsync("Silo", start => start.WorkingDirectory = folder.Path)).ExitCode);

        var elsewhere = FreePort.Next().ToString(CultureInfo.InvariantCulture);
        var (exitCode, error) = await HealthcheckRun.RunAsync("Silo", start => start.Environment["Http__Port"] = elsewhere);
        Assert.Equal(1, exitCode);
        Assert.Contains($"not ready: port {elsewhere}", error, StringComparison.Ordinal);
        (exitCode, error) = await HealthcheckRun.RunAsync("Gateway", start => start.Environment["Http__Port"] = "eighty");
        Assert.Equal(1, exitCode);
        Assert.Contains("settings cannot be read", error, StringComparison.Ordinal);
    }
}
