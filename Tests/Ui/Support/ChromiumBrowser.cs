using System.Diagnostics;
using IngestionCluster.Tests.Fixtures;
using PuppeteerSharp;

namespace IngestionCluster.Tests.Ui.Support;

/// <summary>
/// Debian's Chromium, headless, driven by PuppeteerSharp (which cannot download a browser here), with a fresh
/// profile. Disposing closes it and checks that none of its processes is left running.
/// </summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    public const string Executable = "/usr/bin/chromium";
    public const string DebianPackage = "chromium";

    private static readonly TimeSpan _exitDeadline = TimeSpan.FromSeconds(15);
    private readonly IBrowser _browser;
    private readonly TempDirectory _profile;
    private readonly IReadOnlySet<int> _crashHandlersBefore;

    private ChromiumBrowser(IBrowser browser, TempDirectory profile, IReadOnlySet<int> crashHandlersBefore)
    {
        _browser = browser;
        _profile = profile;
        _crashHandlersBefore = crashHandlersBefore;
    }

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new FixtureUnavailableException(
                $"'{Executable}' was not found. Install the Debian package '{DebianPackage}' (apt-get install -y {DebianPackage}), or run ./test.sh, which installs everything the tests need.");
        }
        var profile = new TempDirectory("chromium");
        var before = CrashHandlers();
        try
        {
            var browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = Executable,
                Headless = true,
                UserDataDir = profile.Path,
                Timeout = 60_000,
                DefaultViewport = new ViewPortOptions { Width = 1400, Height = 900 },
                // Without the network flags Chromium keeps trying to reach Google's services, which this machine refuses.
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--no-first-run", "--disable-quic", "--disable-dev-shm-usage", "--disable-crash-reporter", "--disable-breakpad",
                ],
            });
            // Opening a tab waits for Chromium to announce it (30 s by default); on two cores shared with the servers of the
            // other tests, the eighth tab of ManyTabsTests once took longer.
            browser.DefaultWaitForTimeout = 90_000;
            return new ChromiumBrowser(browser, profile, before);
        }
        catch
        {
            profile.Dispose();
            throw;
        }
    }

    public Task<IPage> NewPageAsync() => _browser.NewPageAsync();

    public async ValueTask DisposeAsync()
    {
        var process = _browser.Process;
        try
        {
            await _browser.CloseAsync().WaitAsync(_exitDeadline);
        }
        catch (TimeoutException)
        {
            process?.Kill(entireProcessTree: true);
        }
        var leftovers = await WaitForExitAsync();
        _profile.Dispose();
        Assert.True(leftovers.Count == 0, $"Chromium processes were still running after the browser closed (now killed): {string.Join("; ", leftovers)}");
    }

    /// <summary>Every process of this browser (they all carry its profile folder, but for crash handlers) gone; those left are killed and named.</summary>
    private async Task<IReadOnlyList<string>> WaitForExitAsync()
    {
        var deadline = DateTime.UtcNow + _exitDeadline;
        while (true)
        {
            var ours = Ours();
            if (ours.Count == 0)
            {
                return [];
            }
            if (DateTime.UtcNow > deadline)
            {
                foreach (var entry in ours)
                {
                    try
                    {
                        Process.GetProcessById(entry.Pid).Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException)
                    {
                        // Gone meanwhile.
                    }
                }
                return [.. ours.Select(entry => $"{entry.Pid}: {entry.CommandLine[..Math.Min(120, entry.CommandLine.Length)]}")];
            }
            await Task.Delay(100);
        }
    }

    private List<ProcessTable.Entry> Ours() =>
    [
        .. ProcessTable.Find(command => command.Contains(_profile.Path, StringComparison.Ordinal)),
        .. ProcessTable.Find(IsCrashHandler).Where(entry => !_crashHandlersBefore.Contains(entry.Pid)),
    ];

    private static HashSet<int> CrashHandlers() => [.. ProcessTable.Find(IsCrashHandler).Select(entry => entry.Pid)];

    private static bool IsCrashHandler(string command) => command.Contains("chrome_crashpad_handler", StringComparison.Ordinal);
}
