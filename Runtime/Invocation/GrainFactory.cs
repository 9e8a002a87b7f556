using System.Reflection;

namespace IngestionCluster.Runtime.Invocation;

internal sealed class GrainFactory(GrainCallInvoker invoker) : IGrainFactory
{
    /// <summary>Keys longer than this are refused before they reach a queue header or a table.</summary>
    public const int MaxKeyLength = 512;

    public TGrainInterface GetGrain<TGrainInterface>(string key) where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (key.Length > MaxKeyLength)
        {
            throw new ArgumentException($"Grain keys are at most {MaxKeyLength} characters.", nameof(key));
        }
        var grainInterface = GrainInterfaceRegistry.Shared.Get(typeof(TGrainInterface));
        var proxy = DispatchProxy.Create<TGrainInterface, GrainProxy>();
        ((GrainProxy)(object)proxy!).Bind(invoker, grainInterface, key);
        return proxy;
    }
}
