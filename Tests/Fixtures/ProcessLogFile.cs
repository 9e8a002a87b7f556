namespace IngestionCluster.Tests.Fixtures;

/// <summary>Reads the log file of a process that is still writing it.</summary>
public static class ProcessLogFile
{
    /// <summary>The whole file so far; empty when it does not exist yet or cannot be opened.</summary>
    public static string Read(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}
