using IngestionCluster.Gateway.Options;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Events;

/// <summary>Settings of section <c>Events</c>: the Server-Sent Events streams.</summary>
public sealed class EventStreamOptions : IGatewaySettings
{
    public const string SectionName = "Events";

    /// <summary>Events buffered per connected client; a client that falls further behind loses the oldest.</summary>
    public int ClientBufferSize { get; set; } = 256;

    /// <summary>A comment line is sent after this much silence, so proxies keep the stream open.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    public IEnumerable<string> Problems(IHostEnvironment environment)
    {
        if (ClientBufferSize is < 1 or > 100_000)
        {
            yield return "Events__ClientBufferSize must be between 1 and 100000.";
        }
        if (HeartbeatInterval < TimeSpan.FromSeconds(1) || HeartbeatInterval > TimeSpan.FromMinutes(10))
        {
            yield return "Events__HeartbeatInterval must be between 00:00:01 and 00:10:00.";
        }
    }
}
