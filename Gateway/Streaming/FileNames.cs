using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>
/// Client file names are kept as metadata only — blob keys are built from generated ids — but they are
/// still checked so that nothing that looks like a path or carries control characters is stored.
/// </summary>
internal static class FileNames
{
    public const int MaxLength = 255;

    /// <exception cref="ApiProblemException">400 with the rule the name breaks.</exception>
    public static string Validate(string? fileName, string what = "filename")
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            throw ApiProblems.BadRequest($"{what} is missing or empty.");
        }
        if (fileName.Length > MaxLength)
        {
            throw ApiProblems.BadRequest($"{what} has {fileName.Length} characters; at most {MaxLength} are allowed.");
        }
        if (fileName is "." or "..")
        {
            throw ApiProblems.BadRequest($"{what} may not be '.' or '..'.");
        }
        foreach (var c in fileName)
        {
            // Slashes and their lookalikes (division slash, fraction slash, fullwidth solidus and reverse solidus).
            if (char.IsControl(c) || c is '/' or '\\' or '\u2215' or '\u2044' or '\uFF0F' or '\uFF3C')
            {
                throw ApiProblems.BadRequest($"{what} contains U+{(int)c:X4}, which is not allowed (no path separators or control characters).");
            }
        }
        return fileName;
    }
}
