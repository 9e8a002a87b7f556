using IngestionCluster.Gateway.Auth;
using IngestionCluster.ServiceDefaults.Health;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// What the Silo and the Gateway processes run instead of starting when the first argument names it: <c>token</c>,
/// <c>hash-password</c> and <c>healthcheck</c>. Both take them, so a gateway's container, which has the
/// <c>Auth__JwtSecret</c> its tokens are checked with, can mint one.
/// </summary>
public static class ProcessCommands
{
    /// <summary>The command's run, or null when the arguments name none (the process then starts).</summary>
    public static Task<int>? TryRun(string[] args) => args switch
    {
        [TokenCommand.Name, .. var tokenArgs] => TokenCommand.RunAsync(tokenArgs, Console.Out, Console.Error),
        [HashPasswordCommand.Name, .. var hashArgs] =>
            HashPasswordCommand.RunAsync(hashArgs, Console.In, Console.Out, Console.Error, interactive: !Console.IsInputRedirected),
        [HealthcheckCommand.Name, .. var healthcheckArgs] => HealthcheckCommand.RunAsync(healthcheckArgs, Console.Error),
        _ => null,
    };
}
