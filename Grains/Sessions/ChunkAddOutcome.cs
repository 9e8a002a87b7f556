namespace IngestionCluster.Grains.Sessions;

internal enum ChunkAddOutcome
{
    Added,
    Duplicate,
    Conflict,
    IndexOutOfRange,
    TotalChanged,
    TooLarge,
}
