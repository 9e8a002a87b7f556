namespace IngestionCluster.Grains.Abstractions.Serialization;

/// <summary>
/// A JSON field a partial update refuses because it is set once, and what changes it instead: the API's answer to a
/// body that sends it says so, rather than calling the field unknown.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class UnchangeableFieldAttribute(string name, string instead) : Attribute
{
    public string Name { get; } = name;

    public string Instead { get; } = instead;
}
