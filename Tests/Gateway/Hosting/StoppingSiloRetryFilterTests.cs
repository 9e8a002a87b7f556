using System.Reflection;
using IngestionCluster.Gateway.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Serialization.Invocation;

namespace IngestionCluster.Tests.Gateway.Hosting;

/// <summary>
/// The gateway's filter that sends again a grain call a stopping silo refused. A silo refuses so only in the last
/// moments of its shutdown, which no test can time; the process-level rolling upgrade test meets it by chance, so
/// these tests give the filter the outcomes Orleans hands it, one call attempt at a time.
/// </summary>
public sealed class StoppingSiloRetryFilterTests
{
    private readonly StoppingSiloRetryFilter _filter = new(NullLogger<StoppingSiloRetryFilter>.Instance);

    [Fact]
    public async Task A_call_a_stopping_silo_refused_is_sent_again_until_a_silo_answers()
    {
        var context = new ScriptedCallContext(StoppingSilo(), StoppingSilo(), Response.FromResult(7L));

        await _filter.Invoke(context);

        Assert.Equal(3, context.Attempts);
        Assert.Equal(7L, context.Response!.GetResult<long>());
    }

    [Fact]
    public async Task A_refusal_thrown_by_the_client_itself_is_sent_again_too()
    {
        var context = new ScriptedCallContext(new ThrownBy(Rejection(StoppingSiloRetryFilter.StoppingSiloRefusal + " ")), Response.FromResult(7L));

        await _filter.Invoke(context);

        Assert.Equal(2, context.Attempts);
        Assert.Equal(7L, context.Response!.GetResult<long>());
    }

    [Fact]
    public async Task Any_other_failure_reaches_the_caller_after_one_attempt()
    {
        var otherRejection = Rejection("Forwarding failed: tried to forward message too many times");
        var notRefusal = new SiloUnavailableException("silo dead");
        var refusedOtherwise = new ScriptedCallContext(Response.FromException(otherRejection));
        var unavailable = new ScriptedCallContext(Response.FromException(notRefusal));
        var thrown = new ScriptedCallContext(new ThrownBy(otherRejection));

        await _filter.Invoke(refusedOtherwise);
        await _filter.Invoke(unavailable);
        var caught = await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => _filter.Invoke(thrown));

        Assert.Equal(1, refusedOtherwise.Attempts);
        Assert.Same(otherRejection, refusedOtherwise.Response!.Exception);
        Assert.Equal(1, unavailable.Attempts);
        Assert.Same(notRefusal, unavailable.Response!.Exception);
        Assert.Equal(1, thrown.Attempts);
        Assert.Same(otherRejection, caught);
    }

    [Fact]
    public async Task A_cluster_that_keeps_refusing_gets_four_attempts_and_the_caller_its_refusal()
    {
        var context = new ScriptedCallContext(StoppingSilo(), StoppingSilo(), StoppingSilo(), StoppingSilo(), Response.FromResult(7L));

        await _filter.Invoke(context);

        Assert.Equal(4, context.Attempts);
        Assert.IsType<OrleansMessageRejectionException>(context.Response!.Exception);
    }

    [Fact]
    public async Task The_last_refusal_thrown_by_the_client_reaches_the_caller_as_thrown()
    {
        var refusal = Rejection(StoppingSiloRetryFilter.StoppingSiloRefusal + " ");
        var context = new ScriptedCallContext(StoppingSilo(), StoppingSilo(), StoppingSilo(), new ThrownBy(refusal));

        var caught = await Assert.ThrowsAsync<OrleansMessageRejectionException>(() => _filter.Invoke(context));

        Assert.Equal(4, context.Attempts);
        Assert.Same(refusal, caught);
    }

    private static Response StoppingSilo() => Response.FromException(Rejection(StoppingSiloRetryFilter.StoppingSiloRefusal + " "));

    /// <summary>Orleans makes its refusals itself (the constructor is internal); the text is what a stopping silo sends.</summary>
    private static OrleansMessageRejectionException Rejection(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(typeof(OrleansMessageRejectionException),
            BindingFlags.Instance | BindingFlags.NonPublic, binder: null, [message], culture: null)!;

    /// <summary>An attempt whose sending fails in the client itself, before any response.</summary>
    private sealed record ThrownBy(Exception Exception);

    /// <summary>A call whose attempts end, in turn, with the given responses or thrown exceptions.</summary>
    private sealed class ScriptedCallContext(params object[] outcomes) : IOutgoingGrainCallContext
    {
        public int Attempts { get; private set; }

        public IInvokable Request => throw new NotSupportedException();

        public object Grain => this;

        public GrainId? SourceId => null;

        public GrainId TargetId => GrainId.Create("camera", "cam-1");

        public GrainInterfaceType InterfaceType => default;

        public string InterfaceName => "ICameraGrain";

        public string MethodName => "PushFrame";

        public MethodInfo InterfaceMethod => throw new NotSupportedException();

        public object? Result { get => Response?.Result; set => Response = Response.FromResult(value); }

        public Response? Response { get; set; }

        public IGrainContext? SourceContext => null;

        public Task Invoke()
        {
            var outcome = outcomes[Attempts++];
            if (outcome is ThrownBy thrown)
            {
                return Task.FromException(thrown.Exception);
            }
            Response = (Response)outcome;
            return Task.CompletedTask;
        }
    }
}
