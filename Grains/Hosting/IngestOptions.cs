using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Hosting;

/// <summary>Settings of section <c>Ingest</c>: limits and behaviour of frame and chunk ingestion.</summary>
public sealed class IngestOptions
{
    public const string SectionName = "Ingest";

    /// <summary>Largest JPEG accepted as a frame.</summary>
    public int MaxFrameBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most chunks one MQTT image may have (a larger <c>total</c> is rejected).</summary>
    public int MaxChunksPerImage { get; set; } = 1000;

    /// <summary>Largest assembled MQTT image.</summary>
    public int MaxImageBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>A capture session with no new chunk for this long is closed as stale (keep far below RabbitMQ's 30 min consumer timeout).</summary>
    public TimeSpan SessionStaleTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a completed session keeps retrying the blob store and database before it gives its chunks back to the broker.</summary>
    public TimeSpan StoreGiveUpAfter { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Unknown cameras that push frames or publish chunks are registered with default settings.</summary>
    public bool AutoRegisterCameras { get; set; } = true;

    /// <summary>Publish a <c>frame.ingested</c> event for every frame (motion and image events are always published).</summary>
    public bool PublishFrameEvents { get; set; } = true;

    public void Validate()
    {
        if (MaxFrameBytes < 1024 || MaxImageBytes < 1024)
        {
            throw Invalid("Ingest__MaxFrameBytes and Ingest__MaxImageBytes must be at least 1024.");
        }
        if (MaxChunksPerImage < 1)
        {
            throw Invalid("Ingest__MaxChunksPerImage must be at least 1.");
        }
        if (SessionStaleTimeout <= TimeSpan.Zero || SessionStaleTimeout > TimeSpan.FromMinutes(20))
        {
            throw Invalid("Ingest__SessionStaleTimeout must be positive and at most 20 minutes (below the broker's consumer timeout).");
        }
    }

    /// <summary>A settings refusal: the hosts print it as a "Configuration error" line and exit with code 3.</summary>
    private static OptionsValidationException Invalid(string problem) => new(SectionName, typeof(IngestOptions), [problem]);
}
