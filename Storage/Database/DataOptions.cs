namespace IngestionCluster.Storage.Database;

/// <summary>Settings of section <c>Data</c>: where standalone mode keeps its files.</summary>
public sealed class DataOptions
{
    public const string SectionName = "Data";

    /// <summary>Standalone mode's data folder: the SQLite database and the blob folder live under it.</summary>
    public string Dir { get; set; } = "./data";
}
