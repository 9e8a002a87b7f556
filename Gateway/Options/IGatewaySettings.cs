using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Gateway.Options;

/// <summary>A settings class of the gateway that can say what is wrong with it, in messages naming the environment variables.</summary>
public interface IGatewaySettings
{
    /// <summary>Every problem with these settings in <paramref name="environment"/>; empty when they are usable.</summary>
    IEnumerable<string> Problems(IHostEnvironment environment);
}
