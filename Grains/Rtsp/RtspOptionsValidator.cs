using Microsoft.Extensions.Options;

namespace IngestionCluster.Grains.Rtsp;

/// <summary>Start-up validation of <see cref="RtspOptions"/>; lists every problem at once.</summary>
public sealed class RtspOptionsValidator : IValidateOptions<RtspOptions>
{
    public ValidateOptionsResult Validate(string? name, RtspOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
