using IngestionCluster.Runtime;
using IngestionCluster.Runtime.Testing;
using IngestionCluster.Tests.Runtime.TestGrains;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Tests.Runtime;

public sealed class GrainCallTests
{
    internal static Task<TestCluster> StartAsync(TestTransport transport, int silos = 2, Action<TestClusterOptions>? configure = null, ActivationLedger? ledger = null) =>
        RuntimeTestClusters.StartAsync(transport, silos, configure, ledger);

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task Calls_return_values_and_records_round_trip(TestTransport transport)
    {
        await using var cluster = await StartAsync(transport);
        var echo = cluster.Client.GetGrain<IEchoGrain>("e1");

        Assert.Equal("e1:hello", await echo.Echo("hello"));
        var sent = new EchoMessage("text", 41, [1, 2, 3], DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));
        var back = await echo.Roundtrip(sent);
        Assert.Equal(42, back.Number);
        Assert.Equal(sent.Data, back.Data);
        Assert.Equal(sent.At, back.At);
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task Grain_exceptions_reach_the_caller_with_type_and_message(TestTransport transport)
    {
        await using var cluster = await StartAsync(transport);
        var echo = cluster.Client.GetGrain<IEchoGrain>("e2");

        var argument = await Assert.ThrowsAsync<ArgumentException>(() => echo.ThrowArgument("bad input"));
        Assert.Equal("bad input", argument.Message);
        var custom = await Assert.ThrowsAsync<TestDomainException>(() => echo.ThrowCustom("domain rule broken"));
        Assert.Equal("domain rule broken", custom.Message);
        // The grain is still usable after throwing.
        Assert.Equal("e2:ok", await echo.Echo("ok"));
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task Turns_of_one_grain_never_overlap(TestTransport transport)
    {
        await using var cluster = await StartAsync(transport);
        var counter = cluster.Client.GetGrain<ICounterGrain>("c-turns");

        await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => counter.Increment()));

        Assert.Equal(200, await counter.Get());
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task One_way_calls_run_and_complete_once_queued(TestTransport transport)
    {
        await using var cluster = await StartAsync(transport);
        var counter = cluster.Client.GetGrain<ICounterGrain>("c-oneway");

        for (var i = 0; i < 50; i++)
        {
            await counter.Add(2);
        }

        await Eventually.TrueAsync(async () => await counter.Get() == 100, TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task A_placement_prefix_puts_a_child_on_its_parents_silo(TestTransport transport)
    {
        await using var cluster = await StartAsync(transport, silos: 3);
        for (var i = 0; i < 20; i++)
        {
            var parent = cluster.Client.GetGrain<IEchoGrain>($"cam-{i}");
            var child = cluster.Client.GetGrain<IChildGrain>($"cam-{i}/session-{i * 7}");
            Assert.Equal(await parent.Slow(0), await child.WhereAmI());
        }
    }

    [Theory]
    [InlineData(TestTransport.InMemory)]
    [InlineData(TestTransport.RabbitMq)]
    public async Task Calls_time_out_when_the_grain_does_not_answer(TestTransport transport)
    {
        await using var cluster = await StartAsync(transport, configure: o => o.Cluster.CallTimeout = TimeSpan.FromMilliseconds(500));
        var echo = cluster.Client.GetGrain<IEchoGrain>("slow");

        var timeout = await Assert.ThrowsAsync<GrainCallTimeoutException>(() => echo.Slow(3_000));
        Assert.Contains("Slow", timeout.Message, StringComparison.Ordinal);
    }
}
