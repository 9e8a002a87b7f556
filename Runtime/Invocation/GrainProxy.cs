using System.Reflection;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>The object behind a grain reference: every interface call becomes a message to the grain.</summary>
public class GrainProxy : DispatchProxy
{
    private GrainCallInvoker? _invoker;
    private GrainInterfaceInfo? _interface;
    private string _key = string.Empty;

    public string GrainKey => _key;

    internal void Bind(GrainCallInvoker invoker, GrainInterfaceInfo grainInterface, string key)
    {
        _invoker = invoker;
        _interface = grainInterface;
        _key = key;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        var grainInterface = _interface!;
        if (targetMethod is null || !grainInterface.MethodsByInfo.TryGetValue(targetMethod, out var method))
        {
            throw new NotSupportedException($"{targetMethod?.Name} is not a grain method of {grainInterface.InterfaceType.Name}.");
        }
        return _invoker!.Invoke(grainInterface, method, _key, args ?? []);
    }

    public override string ToString() => $"{_interface?.WireName}/{_key}";
}
