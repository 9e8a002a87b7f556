using System.Reflection;

namespace IngestionCluster.Runtime.Invocation;

/// <summary>A grain interface as the runtime sees it: wire name, placement rule and methods.</summary>
internal sealed class GrainInterfaceInfo
{
    public required Type InterfaceType { get; init; }

    public required string WireName { get; init; }

    /// <summary>The wire name without its namespace, for metric labels and log scopes.</summary>
    public required string ShortName { get; init; }

    /// <summary>When set, the placement key is the grain key up to this separator.</summary>
    public required char? PlacementSeparator { get; init; }

    /// <summary>What the grain key is called in log scopes.</summary>
    public required string KeyLogName { get; init; }

    public required IReadOnlyDictionary<string, GrainMethodInfo> MethodsByName { get; init; }

    public required IReadOnlyDictionary<MethodInfo, GrainMethodInfo> MethodsByInfo { get; init; }

    public string PlacementKeyOf(string grainKey)
    {
        if (PlacementSeparator is { } separator)
        {
            var index = grainKey.IndexOf(separator, StringComparison.Ordinal);
            return index < 0 ? grainKey : grainKey[..index];
        }
        return grainKey;
    }
}
