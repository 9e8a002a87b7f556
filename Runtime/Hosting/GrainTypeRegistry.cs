using IngestionCluster.Runtime.Invocation;

namespace IngestionCluster.Runtime.Hosting;

/// <summary>The grain classes a silo hosts, by the wire name of the interface they implement.</summary>
public sealed class GrainTypeRegistry
{
    private readonly Dictionary<string, (GrainInterfaceInfo Interface, Type Implementation)> _byWireName = new(StringComparer.Ordinal);

    public void Add(Type grainInterface, Type implementation)
    {
        if (!typeof(Grain).IsAssignableFrom(implementation) || implementation.IsAbstract || !grainInterface.IsAssignableFrom(implementation))
        {
            throw new ArgumentException($"{implementation} must be a concrete Grain implementing {grainInterface}.");
        }
        var info = GrainInterfaceRegistry.Shared.Get(grainInterface);
        _byWireName[info.WireName] = (info, implementation);
    }

    public void Add<TGrainInterface, TGrain>() where TGrainInterface : IGrainWithStringKey where TGrain : Grain, TGrainInterface =>
        Add(typeof(TGrainInterface), typeof(TGrain));

    /// <summary>Adds every concrete grain class of the assembly for each grain interface it implements.</summary>
    public void AddFromAssembly(System.Reflection.Assembly assembly)
    {
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(t)))
        {
            foreach (var grainInterface in type.GetInterfaces().Where(i => i != typeof(IGrainWithStringKey) && typeof(IGrainWithStringKey).IsAssignableFrom(i)))
            {
                Add(grainInterface, type);
            }
        }
    }

    internal bool TryGet(string wireName, out GrainInterfaceInfo grainInterface, out Type implementation)
    {
        if (_byWireName.TryGetValue(wireName, out var entry))
        {
            (grainInterface, implementation) = entry;
            return true;
        }
        grainInterface = null!;
        implementation = null!;
        return false;
    }

    public IReadOnlyCollection<string> WireNames => _byWireName.Keys;
}
