using System.Diagnostics;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Sessions;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Processes;

/// <summary>
/// Publishes chunks the way a camera's firmware would, with Mosquitto's own client (<c>mosquitto_pub -l</c>,
/// QoS 1): one process per camera topic, one message per line.
/// </summary>
public static class MosquittoPublisher
{
    public static async Task PublishAsync(MosquittoServer mosquitto, string topic, IEnumerable<ImageChunk> chunks)
    {
        var psi = new ProcessStartInfo(RequiredBinary.Find("mosquitto_pub", "mosquitto-clients"))
        {
            RedirectStandardInput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-h", mosquitto.Host, "-p", mosquitto.PortText, "-u", mosquitto.User, "-P", mosquitto.Password, "-t", topic, "-q", "1", "-l" })
        {
            psi.ArgumentList.Add(argument);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("mosquitto_pub did not start");
        var errors = process.StandardError.ReadToEndAsync();
        foreach (var chunk in chunks)
        {
            await process.StandardInput.WriteLineAsync(Json(chunk));
        }
        process.StandardInput.Close();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mosquitto_pub failed ({process.ExitCode}): {await errors}");
        }
    }

    /// <summary>The ThermoSense seed's payload: <c>{"id","index","total","data"(base64),"image_id"?}</c>.</summary>
    public static string Json(ImageChunk chunk) => chunk.ImageId is null
        ? JsonSerializer.Serialize(new { id = chunk.CameraId, index = chunk.Index, total = chunk.Total, data = Convert.ToBase64String(chunk.Data) })
        : JsonSerializer.Serialize(new { id = chunk.CameraId, index = chunk.Index, total = chunk.Total, data = Convert.ToBase64String(chunk.Data), image_id = chunk.ImageId });
}
