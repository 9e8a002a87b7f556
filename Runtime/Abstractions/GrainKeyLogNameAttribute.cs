namespace IngestionCluster.Runtime;

/// <summary>
/// Names the grain key in log scopes: every log line written during a turn of such a grain carries
/// <c>{Name}: key</c> (e.g. <c>camera_id</c>). Without it the scope says <c>grain_key</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class GrainKeyLogNameAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
