namespace IngestionCluster.Tests.Ui.Support;

/// <summary>Where the UI tests save their screenshots: <c>TestResults/ui-screenshots</c> next to the test assembly, or <c>UI_SCREENSHOTS_DIR</c>.</summary>
public static class UiScreenshots
{
    public static string Directory { get; } = Create();

    public static string PathFor(string name)
    {
        var safe = string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-'));
        return Path.Combine(Directory, $"{safe}.png");
    }

    private static string Create()
    {
        var directory = Environment.GetEnvironmentVariable("UI_SCREENSHOTS_DIR") is { Length: > 0 } configured
            ? configured
            : Path.Combine(AppContext.BaseDirectory, "TestResults", "ui-screenshots");
        System.IO.Directory.CreateDirectory(directory);
        return directory;
    }
}
