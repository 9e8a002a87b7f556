using IngestionCluster.Bench.Infrastructure;
using Microsoft.Extensions.Hosting;

namespace IngestionCluster.Bench.GrainCalls;

/// <summary><c>Bench.dll grain-silo --name N --redis HOST:PORT --cluster-id C --silo-port P --gateway-port G [--placement local]</c>: one echo silo process, until SIGTERM.</summary>
public static class EchoSiloCommand
{
    public const string Scenario = "grain-silo";

    /// <summary>The line the launcher waits for: the silo has joined the cluster and opened its gateway.</summary>
    public const string ReadyLine = "echo silo ready";

    public static async Task RunAsync(BenchArguments arguments)
    {
        var endpoint = EchoSiloEndpoint.FromArguments(arguments);
        var placement = Enum.Parse<EchoPlacement>(arguments.String("placement") ?? nameof(EchoPlacement.Default), ignoreCase: true);
        using var host = EchoSilo.BuildClustered(endpoint, placement);
        await host.StartAsync();
        Console.WriteLine($"{ReadyLine}: {endpoint.Name}");
        await host.WaitForShutdownAsync();
    }
}
