namespace IngestionCluster.Runtime;

/// <summary>
/// Places a grain by the part of its key before <see cref="Separator"/>, so that e.g. the capture
/// session <c>"cam-1/s42"</c> lives in the same partition (and silo) as the camera <c>"cam-1"</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Interface)]
public sealed class PlacementKeyPrefixAttribute(char separator) : Attribute
{
    public char Separator { get; } = separator;
}
