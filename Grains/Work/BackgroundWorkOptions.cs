using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Work;

/// <summary>
/// Settings of section <c>Work</c>: how request and job grains run work that outlasts a call (RTSP
/// captures, hashing uploaded objects) and resume it after a silo move.
/// </summary>
public sealed class BackgroundWorkOptions
{
    public const string SectionName = "Work";

    /// <summary>Period of the durable reminder that resumes unfinished work on whichever silo owns the grain.</summary>
    public TimeSpan RecoveryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often a grain looks whether its background work has finished.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Time an RTSP capture may take beyond its requested duration before it fails.</summary>
    public TimeSpan RtspCaptureTimeout { get; set; } = TimeSpan.FromMinutes(2);

    public void Validate()
    {
        if (RecoveryInterval < TimeSpan.FromSeconds(1) || RecoveryInterval > TimeSpan.FromHours(1))
        {
            throw Invalid("Work__RecoveryInterval must be between 00:00:01 and 01:00:00.");
        }
        if (PollInterval < TimeSpan.FromMilliseconds(10) || PollInterval > TimeSpan.FromSeconds(10))
        {
            throw Invalid("Work__PollInterval must be between 00:00:00.010 and 00:00:10.");
        }
        if (RtspCaptureTimeout < TimeSpan.FromSeconds(1) || RtspCaptureTimeout > TimeSpan.FromMinutes(20))
        {
            throw Invalid("Work__RtspCaptureTimeout must be between 00:00:01 and 00:20:00.");
        }
    }

    /// <summary>A settings refusal: the hosts print it as a "Configuration error" line and exit with code 3.</summary>
    private static OptionsValidationException Invalid(string problem) => new(SectionName, typeof(BackgroundWorkOptions), [problem]);
}
