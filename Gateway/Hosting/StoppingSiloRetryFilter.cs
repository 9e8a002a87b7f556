using System.Diagnostics.Metrics;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// Sends a grain call again when a silo that is shutting down refused it. A stopping silo refuses application
/// requests that reach it after its grains were deactivated, before any grain runs them ("Silo stopping"), and the
/// grain is activated on another silo at the next call; so a graceful stop or a rolling upgrade need not show
/// clients a 503, and a call sent again cannot be applied twice. Any other failure, or a refusal on the last
/// attempt, reaches the caller as before.
/// </summary>
internal sealed partial class StoppingSiloRetryFilter(ILogger<StoppingSiloRetryFilter> logger) : IOutgoingGrainCallFilter
{
    /// <summary>The text Orleans gives the refusal of a request by a silo that stops accepting application messages.</summary>
    internal const string StoppingSiloRefusal = "Silo stopping";

    private static readonly TimeSpan[] _pauses = [TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(500)];

    private static readonly Counter<long> _resent = IngestionTelemetry.Meter.CreateCounter<long>(
        "ingest_grain_calls_resent", "{call}",
        "Grain calls a gateway sent again because a silo that was shutting down refused them before running them.");

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            Exception? thrown = null;
            try
            {
                await context.Invoke();
            }
            catch (OrleansMessageRejectionException e) when (IsStoppingSilo(e) && attempt < _pauses.Length)
            {
                thrown = e;
            }
            if ((thrown ?? context.Response?.Exception) is not OrleansMessageRejectionException refusal || !IsStoppingSilo(refusal)
                || attempt == _pauses.Length)
            {
                return;
            }
            _resent.Add(1);
            LogResending(logger, context.InterfaceName, context.MethodName, context.TargetId, attempt + 1);
            await Task.Delay(_pauses[attempt]);
        }
    }

    private static bool IsStoppingSilo(OrleansMessageRejectionException rejection) =>
        rejection.Message.StartsWith(StoppingSiloRefusal, StringComparison.Ordinal);

    [LoggerMessage(Level = LogLevel.Information, Message = "A stopping silo refused {Interface}.{Method} for {GrainId} before running it; sending it again (attempt {Attempt})")]
    private static partial void LogResending(ILogger logger, string @interface, string method, GrainId grainId, int attempt);
}
