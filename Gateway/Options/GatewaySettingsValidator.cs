using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Options;

/// <summary>Runs <see cref="IGatewaySettings.Problems"/> at start-up: the host refuses to start while any is left.</summary>
internal sealed class GatewaySettingsValidator<TSettings>(IHostEnvironment environment) : IValidateOptions<TSettings>
    where TSettings : class, IGatewaySettings
{
    public ValidateOptionsResult Validate(string? name, TSettings options)
    {
        var problems = options.Problems(environment).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
