using System.Collections.Concurrent;
using PuppeteerSharp;
using PuppeteerSharp.Input;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Ui.Support;

/// <summary>
/// A browser tab on the operator UI of one gateway: signs in, waits for what the page shows (polling with a
/// deadline), takes screenshots, and records every console error, page error, failed request and HTTP error
/// answer, so a test can say the page logged none.
/// </summary>
public sealed class UiPage
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<string> _problems = new();
    private readonly ConcurrentQueue<string> _requests = new();
    private readonly ITestOutputHelper _output;

    private UiPage(IPage page, Uri baseAddress, ITestOutputHelper output)
    {
        Page = page;
        BaseAddress = baseAddress;
        _output = output;
        page.Console += (_, e) =>
        {
            if (e.Message.Type is ConsoleType.Error or ConsoleType.Warning or ConsoleType.Assert)
            {
                _problems.Enqueue($"console {e.Message.Type}: {e.Message.Text} ({e.Message.Location?.URL})");
            }
        };
        page.Request += (_, e) => _requests.Enqueue(e.Request.Url);
        page.PageError += (_, e) => _problems.Enqueue($"page error: {e.Message}");
        page.RequestFailed += (_, e) =>
        {
            // Leaving a page aborts its event stream and pending image loads; that is not an error of the page.
            if (e.Request.FailureText is not "net::ERR_ABORTED")
            {
                _problems.Enqueue($"request failed: {e.Request.Method} {e.Request.Url}: {e.Request.FailureText}");
            }
        };
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                _problems.Enqueue($"HTTP {(int)e.Response.Status}: {e.Response.Request.Method} {e.Response.Url}");
            }
        };
        page.Dialog += async (_, e) => await e.Dialog.Accept();
    }

    public IPage Page { get; }

    public Uri BaseAddress { get; }

    /// <summary>Console errors and warnings, page errors, failed requests and HTTP errors seen so far.</summary>
    public IReadOnlyList<string> Problems => [.. _problems];

    /// <summary>The URL of every request the page made so far.</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    public static async Task<UiPage> OpenAsync(ChromiumBrowser browser, Uri baseAddress, ITestOutputHelper output) =>
        new(await browser.NewPageAsync(), baseAddress, output);

    public async Task GoToAsync(string path)
    {
        await Page.GoToAsync(new Uri(BaseAddress, path).ToString(), WaitUntilNavigation.DOMContentLoaded);
    }

    /// <summary>Signs in through the login page with a pasted token, as an operator would, and lands on the wall.</summary>
    public async Task SignInAsync(string token)
    {
        await GoToAsync("/ui/");
        await WaitForAsync("location.pathname === '/ui/login' && !!document.querySelector('#token')", "the UI asks for a token");
        await Page.EvaluateFunctionAsync("token => { document.querySelector('#token').value = token; }", token);
        await Page.ClickAsync("form.login-form button[type=submit]");
        await WaitForAsync("location.pathname === '/ui/' && !!document.querySelector('.wall')", "the camera wall after signing in");
    }

    /// <summary>Polls a JavaScript expression until it is true, or fails naming what never happened.</summary>
    public async Task WaitForAsync(string expression, string what, TimeSpan? timeout = null)
    {
        try
        {
            await Eventually.TrueAsync(async () => await Page.EvaluateExpressionAsync<bool>(expression), timeout ?? Deadline, what);
        }
        catch (Xunit.Sdk.FailException failure)
        {
            // What the page asked for and what went wrong tell why it never showed what was awaited.
            Assert.Fail($"{failure.Message}\nProblems: {string.Join("; ", Problems)}\nLast requests: {string.Join(" ", Requests.TakeLast(25))}");
        }
    }

    public Task<T> EvaluateAsync<T>(string expression) => Page.EvaluateExpressionAsync<T>(expression);

    public async Task<bool> ExistsAsync(string selector) => await Page.QuerySelectorAsync(selector) is not null;

    public async Task SetValueAsync(string selector, string value)
    {
        await Page.EvaluateFunctionAsync(
            "(selector, value) => { const e = document.querySelector(selector); e.value = value; e.dispatchEvent(new Event('input', { bubbles: true })); e.dispatchEvent(new Event('change', { bubbles: true })); }",
            selector, value);
    }

    public Task TypeAsync(string selector, string text) => Page.TypeAsync(selector, text, new TypeOptions());

    /// <summary>
    /// A PNG under <see cref="UiScreenshots.Directory"/> of the whole page, or of the viewport (what an operator sees; the
    /// wall does not paint tiles far out of view); the path is written to the test output.
    /// </summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        var path = UiScreenshots.PathFor(name);
        await Page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = fullPage });
        _output.WriteLine($"screenshot: {path}");
        return path;
    }

    public void AssertNoProblems()
    {
        var problems = Problems;
        Assert.True(problems.Count == 0, "The page logged problems:\n" + string.Join("\n", problems));
    }
}
