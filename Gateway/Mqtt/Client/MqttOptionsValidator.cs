using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>Start-up validation of <see cref="MqttOptions"/>; lists every problem at once.</summary>
public sealed class MqttOptionsValidator : IValidateOptions<MqttOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttOptions options)
    {
        var errors = options.Validate();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
