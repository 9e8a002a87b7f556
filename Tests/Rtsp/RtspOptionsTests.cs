using IngestionCluster.Grains.Rtsp;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Rtsp;

public sealed class RtspOptionsTests
{
    [Fact]
    public void Defaults_match_the_documented_values()
    {
        var options = new RtspOptions();

        Assert.Equal(10, options.MaxConcurrentStreams);
        Assert.Equal(10, options.MaxConcurrentCaptures);
        Assert.Equal(TimeSpan.FromMinutes(10), options.CaptureQueueTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), options.StallTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), options.ReconnectInitialDelay);
        Assert.Equal(TimeSpan.FromSeconds(60), options.ReconnectMaxDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.HealthyResetAfter);
        Assert.Equal(TimeSpan.FromSeconds(30), options.CaptureTimeout);
        Assert.Null(options.FfmpegPath);
        Assert.Equal(5, options.JpegQuality);
        Assert.Equal(2, options.MaxQueuedFrames);
        Assert.Equal(TimeSpan.FromSeconds(5), options.StopGracePeriod);
        Assert.Equal(TimeSpan.FromSeconds(10), options.CapacitySearchInterval);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void Validation_lists_every_problem_naming_the_setting()
    {
        var options = new RtspOptions
        {
            MaxConcurrentStreams = 0,
            MaxConcurrentCaptures = 0,
            CaptureQueueTimeout = TimeSpan.Zero,
            StallTimeout = TimeSpan.Zero,
            ReconnectInitialDelay = TimeSpan.FromSeconds(10),
            ReconnectMaxDelay = TimeSpan.FromSeconds(5),
            JpegQuality = 40,
            FfmpegPath = "/nonexistent/ffmpeg",
            CapacitySearchInterval = TimeSpan.Zero,
            StopGracePeriod = TimeSpan.FromSeconds(11),
        };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Rtsp:MaxConcurrentStreams", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:MaxConcurrentCaptures", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:CaptureQueueTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:StallTimeout", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:ReconnectMaxDelay", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:JpegQuality", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:CapacitySearchInterval", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Rtsp:StopGracePeriod must be at most 00:00:10", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("apt-get install -y ffmpeg", StringComparison.Ordinal));
    }

    [Fact]
    public void AddRtspCapture_binds_section_Rtsp_and_fails_start_up_validation_on_bad_values()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Rtsp:MaxConcurrentStreams"] = "3",
            ["Rtsp:StallTimeout"] = "00:00:07",
            ["Rtsp:JpegQuality"] = "3",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddRtspCapture(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<RtspOptions>>().Value;
        Assert.Equal(3, options.MaxConcurrentStreams);
        Assert.Equal(TimeSpan.FromSeconds(7), options.StallTimeout);
        Assert.Equal(3, provider.GetRequiredService<RtspCapacity>().MaxConcurrentStreams);
        Assert.NotNull(provider.GetRequiredService<RtspCaptureLoopFactory>());
        Assert.NotNull(provider.GetRequiredService<RtspSnapshotCapture>());

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Rtsp:JpegQuality"] = "1" }).Build();
        using var badProvider = new ServiceCollection().AddLogging().AddRtspCapture(bad).BuildServiceProvider();
        var error = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptions<RtspOptions>>().Value);
        Assert.Contains("Rtsp:JpegQuality", error.Message, StringComparison.Ordinal);
    }
}
