namespace IngestionCluster.Runtime;

/// <summary>Overrides the stable wire name of a grain interface (default: the interface's full name).</summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
