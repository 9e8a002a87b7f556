namespace IngestionCluster.Storage.Local;

/// <summary>Where the local folder blob store keeps its files, bound from section <c>Storage</c>.</summary>
public sealed class LocalStorageOptions
{
    /// <summary>
    /// Root folder (<c>Storage__LocalRoot</c>); empty means <c>{Data__Dir}/blobs</c>, i.e. <c>./data/blobs</c>
    /// by default. Relative paths resolve against the working directory.
    /// </summary>
    public string? LocalRoot { get; set; }

    /// <summary>Problems with these settings; empty when valid.</summary>
    public IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(LocalRoot))
        {
            yield return "Storage__LocalRoot is empty; set it or Data__Dir.";
            yield break;
        }
        string? error = null;
        try
        {
            Path.GetFullPath(LocalRoot);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            error = $"Storage__LocalRoot is not a usable path: {e.Message}";
        }
        if (error is not null)
        {
            yield return error;
        }
    }
}
