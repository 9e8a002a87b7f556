using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Ui.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Ui;

/// <summary>
/// An operator with many UI tabs open. Over HTTP/1.1 a browser keeps at most 6 connections to one host, so an event
/// stream held open per tab would leave the seventh tab unable to load and every tab without frames: the tabs share
/// one stream of every camera's events through a shared worker (a camera page takes its camera's events from it), and
/// a browser without shared workers gets a stream per tab.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class ManyTabsTests(GatewayHosts hosts, ITestOutputHelper output)
{
    private const int Tabs = 8;
    private const int CameraPages = 6;

    [Fact]
    public async Task Eight_tabs_all_get_live_events_and_frames_and_the_last_tab_keeps_them_when_the_others_close()
    {
        var host = await hosts.Standalone;
        var (camera, first) = await CameraWithAFrameAsync(host, "tabs");

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var tabs = new List<UiPage>();
        for (var i = 0; i < Tabs; i++)
        {
            var tab = await UiPage.OpenAsync(browser, host.BaseAddress, output);
            if (i == 0)
            {
                await tab.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
            }
            else
            {
                await tab.GoToAsync("/ui/");
                await tab.WaitForAsync("!!document.querySelector('.wall')", $"the wall in tab {i + 1}");
            }
            await tab.SetValueAsync("#filter-id", camera);
            await tab.WaitForAsync(LiveEventsConnected, $"tab {i + 1}'s live events are connected");
            await tab.WaitForAsync(CameraWallTests.ShowsFrame(camera, first, 640), $"tab {i + 1} shows the camera's frame");
            tabs.Add(tab);
        }

        var second = (await UiApi.PushAsync(host, camera, UiFrames.SmallCard)).GetProperty("sequence").GetInt64();
        for (var i = 0; i < Tabs; i++)
        {
            await tabs[i].WaitForAsync(CameraWallTests.ShowsFrame(camera, second, 320), $"tab {i + 1} shows the frame pushed after all tabs opened");
        }

        // The stream is the shared worker's request, not any tab's.
        Assert.All(tabs, tab => Assert.DoesNotContain(tab.Requests, url => new Uri(url).AbsolutePath == "/api/events"));

        for (var i = 0; i < Tabs - 1; i++)
        {
            await tabs[i].Page.CloseAsync();
        }
        var last = tabs[^1];
        var third = (await UiApi.PushAsync(host, camera, UiFrames.Card)).GetProperty("sequence").GetInt64();
        await last.WaitForAsync(CameraWallTests.ShowsFrame(camera, third, 640), "the last tab still gets live frames after the others closed");
        Assert.True(await last.EvaluateAsync<bool>(LiveEventsConnected), "the last tab's live events stay connected");
        last.AssertNoProblems();
    }

    [Fact]
    public async Task The_wall_and_six_camera_pages_of_six_cameras_share_one_stream_and_each_page_gets_its_cameras_frames()
    {
        var host = await hosts.Standalone;
        var cameras = new List<(string Camera, long Sequence)>();
        for (var i = 0; i < CameraPages; i++)
        {
            cameras.Add(await CameraWithAFrameAsync(host, "tab-page"));
        }

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var wall = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await wall.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        var (pushedTo, shown) = cameras[0];
        // Filtered while it is the tab in front: a tab behind others is not rendered, so its IntersectionObserver would never
        // see the tile come into view (the shared host holds many cameras, and this one may start out of view).
        await wall.SetValueAsync("#filter-id", pushedTo);
        await wall.WaitForAsync(LiveEventsConnected, "the wall's live events are connected");
        await wall.WaitForAsync(CameraWallTests.ShowsFrame(pushedTo, shown, 640), "the wall shows the camera's frame");
        var pages = new List<UiPage>();
        foreach (var (camera, first) in cameras)
        {
            // With a stream per camera page, the wall's and five pages' streams hold all 6 connections: the seventh tab never loads.
            var page = await UiPage.OpenAsync(browser, host.BaseAddress, output);
            await page.GoToAsync($"/ui/cameras/{camera}");
            await page.WaitForAsync(PageEventsConnected, $"tab {pages.Count + 2} (the page of {camera}) loads and its live events are connected");
            await page.WaitForAsync(LiveViewShows(first), $"tab {pages.Count + 2} shows its camera's frame");
            pages.Add(page);
        }

        var second = (await UiApi.PushAsync(host, pushedTo, UiFrames.SmallCard)).GetProperty("sequence").GetInt64();
        await pages[0].WaitForAsync(LiveViewShows(second), "the camera's page shows the frame pushed after all tabs opened");
        await pages[0].WaitForAsync($"[...document.querySelectorAll('.event-log li[data-type=\"frame.ingested\"]')].some(item => item.textContent.includes('#{second} '))",
            "the camera's page lists the new frame's event");
        await wall.WaitForAsync(CameraWallTests.ShowsFrame(pushedTo, second, 320), "the wall shows the new frame");
        // The pages of the other cameras list none of its events.
        foreach (var page in pages.Skip(1))
        {
            Assert.Equal(0, await page.EvaluateAsync<int>("document.querySelectorAll('.event-log li').length"));
        }

        // The one stream is the shared worker's request, not any tab's, and no page opened a stream of its camera.
        UiPage[] tabs = [wall, .. pages];
        Assert.All(tabs, tab => Assert.DoesNotContain(tab.Requests, url => new Uri(url).AbsolutePath.EndsWith("/events", StringComparison.Ordinal)));
        Assert.All(tabs, tab => tab.AssertNoProblems());
    }

    [Fact]
    public async Task A_browser_without_shared_workers_gets_live_events_over_a_stream_of_the_tabs_own()
    {
        var host = await hosts.Standalone;
        var (camera, first) = await CameraWithAFrameAsync(host, "own-stream");

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.Page.EvaluateExpressionOnNewDocumentAsync("delete window.SharedWorker");
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        Assert.Equal("undefined", await ui.EvaluateAsync<string>("typeof SharedWorker"));
        await ui.SetValueAsync("#filter-id", camera);
        await ui.WaitForAsync(CameraWallTests.ShowsFrame(camera, first, 640), "the tile shows the camera's frame");
        await ui.WaitForAsync(LiveEventsConnected, "the wall's own event stream is connected");
        Assert.Contains(ui.Requests, url => new Uri(url).AbsolutePath == "/api/events");

        var second = (await UiApi.PushAsync(host, camera, UiFrames.SmallCard)).GetProperty("sequence").GetInt64();
        await ui.WaitForAsync(CameraWallTests.ShowsFrame(camera, second, 320), "the tile shows the frame pushed after the page loaded");

        // A camera page's own stream carries every camera's events: the page shows its camera's only.
        var (other, _) = await CameraWithAFrameAsync(host, "own-other");
        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync(PageEventsConnected, "the camera page's own event stream is connected");
        await UiApi.PushAsync(host, other, UiFrames.SmallCard);
        var third = (await UiApi.PushAsync(host, camera, UiFrames.Card)).GetProperty("sequence").GetInt64();
        await ui.WaitForAsync(LiveViewShows(third), "the camera page shows the frame pushed after it loaded");
        await ui.WaitForAsync("document.querySelectorAll('.event-log li[data-type=\"frame.ingested\"]').length > 0", "the camera page lists its frame's event");
        Assert.Equal(1, await ui.EvaluateAsync<int>("document.querySelectorAll('.event-log li[data-type=\"frame.ingested\"]').length"));
        ui.AssertNoProblems();
    }

    /// <summary>A new camera with one 640-pixel frame pushed; its id and the frame's sequence.</summary>
    private static async Task<(string Camera, long Sequence)> CameraWithAFrameAsync(GatewayHost host, string prefix)
    {
        var camera = UiApi.NewCameraId(prefix);
        await UiApi.RegisterAsync(host, camera);
        return (camera, (await UiApi.PushAsync(host, camera, UiFrames.Card)).GetProperty("sequence").GetInt64());
    }

    private static string LiveViewShows(long sequence) => $"document.querySelector('img.live-frame')?.dataset.sequence === '{sequence}'";

    private const string PageEventsConnected = "document.querySelector('.event-log-wrap')?.dataset.connected === 'true'";

    private const string LiveEventsConnected = "document.querySelector('.summary').textContent.includes('live events connected')";
}
