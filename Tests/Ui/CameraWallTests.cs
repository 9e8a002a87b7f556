using IngestionCluster.Gateway.Auth;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;
using PuppeteerSharp;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Ui;

/// <summary>The camera wall in a real headless Chromium, against the standalone silo and a cluster gateway, with auth on.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CameraWallTests(GatewayHosts hosts, ITestOutputHelper output)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Wall_lists_the_registered_cameras_and_filters_them_by_id(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var prefix = UiApi.NewCameraId("wall");
        string[] cameras = [$"{prefix}-a", $"{prefix}-b", $"{prefix}-c"];
        foreach (var camera in cameras)
        {
            await UiApi.RegisterAsync(host, camera);
        }
        await UiApi.PushAsync(host, cameras[0], UiFrames.Card);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.WaitForAsync(AllTilesExist(cameras), "a tile for each registered camera");
        // The shared hosts hold other tests' cameras too, and the wall loads no frame for a tile out of view.
        await ui.SetValueAsync("#filter-id", prefix);
        await ui.WaitForAsync($"{Tile(cameras[0])}.querySelector('img.frame').naturalWidth === 640", "the first camera's tile shows its frame");
        Assert.Equal("No frame yet", await ui.EvaluateAsync<string>($"{Tile(cameras[1])}.querySelector('.frame-placeholder').textContent"));
        Assert.Equal("HTTP push", await ui.EvaluateAsync<string>($"{Tile(cameras[1])}.querySelector('.source').textContent"));
        await ui.ScreenshotAsync($"camera-wall-{storage}");

        await ui.SetValueAsync("#filter-id", cameras[1]);
        await ui.WaitForAsync(
            $"!{Tile(cameras[1])}.hidden && {Tile(cameras[0])}.hidden && {Tile(cameras[2])}.hidden",
            "only the camera whose id matches the filter is shown");
        await ui.SetValueAsync("#filter-id", prefix);
        // A fresh frame, so the camera counts as connected however long the steps above took.
        await UiApi.PushAsync(host, cameras[0], UiFrames.Card);
        await ui.SetValueAsync("#filter-state", "connected");
        await ui.WaitForAsync(
            $"!{Tile(cameras[0])}.hidden && {Tile(cameras[1])}.hidden && {Tile(cameras[2])}.hidden",
            "only the camera that sent a frame is connected");
        ui.AssertNoProblems();
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_pushed_frame_changes_the_tiles_image(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("frames");
        await UiApi.RegisterAsync(host, camera);
        var first = (await UiApi.PushAsync(host, camera, UiFrames.Card)).GetProperty("sequence").GetInt64();

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.SetValueAsync("#filter-id", camera);
        await ui.WaitForAsync(ShowsFrame(camera, first, 640), "the tile shows the first frame");

        var second = (await UiApi.PushAsync(host, camera, UiFrames.SmallCard)).GetProperty("sequence").GetInt64();
        await ui.WaitForAsync(ShowsFrame(camera, second, 320), "the tile shows the frame pushed after the page loaded");
        Assert.EndsWith($"/api/cameras/{camera}/frames/{second}", await ui.EvaluateAsync<string>($"{Tile(camera)}.querySelector('img.frame').src"));
        ui.AssertNoProblems();
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_motion_event_lights_the_tiles_motion_indicator(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("motion");
        await UiApi.RegisterAsync(host, camera, motion: new { enabled = true, threshold = 25, min_area = 30, background_rate = 0.05, warmup_frames = 0 });
        Assert.False((await UiApi.PushAsync(host, camera, UiFrames.Black)).GetProperty("motion").GetBoolean());

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.SetValueAsync("#filter-id", camera);
        await ui.WaitForAsync($"{Tile(camera)}?.querySelector('img.frame').naturalWidth > 0", "the tile shows the black frame");
        await ui.WaitForAsync("document.querySelector('.summary').textContent.includes('live events connected')", "the wall's event stream is connected");
        Assert.Equal("false", await ui.EvaluateAsync<string>($"{Tile(camera)}.querySelector('.motion').dataset.active"));

        var white = await UiApi.PushAsync(host, camera, UiFrames.White);
        Assert.True(white.GetProperty("motion").GetBoolean(), "white after black is motion");
        await ui.WaitForAsync($"{Tile(camera)}.querySelector('.motion').dataset.active === 'true'", "the motion indicator lights");
        await ui.WaitForAsync(ShowsFrame(camera, white.GetProperty("sequence").GetInt64(), 640), "the tile shows the frame with motion");
        Assert.Equal("Motion detected", (await ui.EvaluateAsync<string>($"{Tile(camera)}.querySelector('.motion').getAttribute('aria-label')"))[..15]);
        await ui.ScreenshotAsync($"camera-wall-motion-{storage}");
        await ui.WaitForAsync($"{Tile(camera)}.querySelector('.motion').dataset.active === 'false'", "the indicator goes out once motion stops");
        ui.AssertNoProblems();
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task An_mqtt_camera_s_stored_images_show_on_its_tile_which_stays_connected(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("mqtt");
        var first = await SendOverMqttAsync(host, camera, UiFrames.Card, 1);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.SetValueAsync("#filter-id", camera);
        await ui.WaitForAsync(ShowsFrame(camera, first, 640), "the tile shows the stored image");
        Assert.Equal("MQTT", await ui.EvaluateAsync<string>($"{Tile(camera)}.querySelector('.source').textContent"));
        await ui.WaitForAsync($"{Tile(camera)}.dataset.state === 'connected'", "the camera sending images is connected");

        var second = await SendOverMqttAsync(host, camera, UiFrames.SmallCard, 2);
        await ui.WaitForAsync(ShowsFrame(camera, second, 320), "the tile shows the image stored after the page loaded");
        ui.AssertNoProblems();
    }

    /// <summary>Hands an image's chunks to the camera as the MQTT bridge does, and waits until the camera took it as its n-th frame.</summary>
    private static async Task<long> SendOverMqttAsync(GatewayHost host, string camera, byte[] image, int frames)
    {
        foreach (var chunk in Chunks.Split(image, 4, camera))
        {
            await host.Grains.GetCamera(camera).ReceiveChunk(chunk);
        }
        long sequence = 0;
        await Eventually.TrueAsync(async () =>
        {
            var info = await host.Grains.GetCamera(camera).GetInfo();
            sequence = info?.LastSequence ?? 0;
            return info?.FramesReceived >= frames;
        }, TimeSpan.FromSeconds(30), $"the camera takes its stored image {frames}");
        return sequence;
    }

    [Fact]
    public async Task Without_frame_events_the_tile_measures_the_rate_from_the_camera_list()
    {
        await using var host = await StandaloneGateway.StartAsync(new Dictionary<string, string?> { ["Ingest:PublishFrameEvents"] = "false" });
        var camera = UiApi.NewCameraId("no-frame-events");
        await UiApi.RegisterAsync(host, camera);
        await UiApi.PushAsync(host, camera, UiFrames.Card);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.WaitForAsync("document.querySelector('.summary').textContent.includes('live events connected')", "the wall's event stream is connected");

        // About 2 frames a second for 12 s; the wall polls the camera list every 5 s.
        using var pushing = new CancellationTokenSource();
        var pushes = Task.Run(async () =>
        {
            for (var i = 0; i < 24 && !pushing.IsCancellationRequested; i++)
            {
                await UiApi.PushAsync(host, camera, UiFrames.SmallCard);
                await Task.Delay(500);
            }
        });
        try
        {
            await ui.WaitForAsync($"parseFloat({Tile(camera)}.querySelector('.rate').textContent) > 0.5", "the tile measures the rate at which frames arrive", TimeSpan.FromSeconds(20));
        }
        finally
        {
            await pushing.CancelAsync();
            await pushes;
        }
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task An_admin_registers_a_camera_at_a_twentieth_of_a_frame_a_second()
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("register-slow");

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
        await ui.Page.ClickAsync("#register-camera");
        await ui.SetValueAsync("#register-id", camera);
        await ui.SetValueAsync("#register-fps", "0.05");
        await ui.Page.ClickAsync("dialog form button[type=submit]");
        await ui.WaitForAsync($"!!{Tile(camera)}", "the wall lists the registered camera");

        Assert.Equal(0.05, (await UiApi.GetCameraAsync(host, camera)).GetProperty("fps").GetDouble());
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task The_register_dialog_refuses_an_id_the_wall_lists_and_leaves_that_camera_as_it_was()
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("register-taken");
        await UiApi.RegisterAsync(host, camera, fps: 2);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
        await ui.SetValueAsync("#filter-id", camera);
        await ui.WaitForAsync($"!!{Tile(camera)}", "the wall lists the camera");
        await ui.Page.ClickAsync("#register-camera");
        await ui.SetValueAsync("#register-id", camera);
        await ui.SetValueAsync("#register-fps", "5");
        await ui.Page.ClickAsync("dialog form button[type=submit]");
        await ui.WaitForAsync("document.querySelector('dialog .form-status')?.textContent.includes('registered already')", "the dialog says the id is taken");

        Assert.Equal(2, (await UiApi.GetCameraAsync(host, camera)).GetProperty("fps").GetDouble());
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task A_camera_whose_clock_runs_ahead_is_idle_and_without_motion_once_its_frames_stop()
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("ahead");
        await UiApi.RegisterAsync(host, camera, motion: new { enabled = true, threshold = 25, min_area = 30, background_rate = 0.05, warmup_frames = 0 });
        // Local time sent as UTC: the frames' own timestamps are an hour ahead of the server's clock.
        var ahead = DateTimeOffset.UtcNow.AddHours(1);
        await UiApi.PushAsync(host, camera, UiFrames.Black, ahead);
        Assert.True((await UiApi.PushAsync(host, camera, UiFrames.White, ahead.AddSeconds(1))).GetProperty("motion").GetBoolean(), "white after black is motion");
        // Then the camera dies: no frame for longer than the 10 s a camera at 2 fps counts as connected.
        await Task.Delay(TimeSpan.FromSeconds(12));

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.SetValueAsync("#filter-id", camera);
        await ui.WaitForAsync($"{Tile(camera)}?.dataset.state !== undefined", "the camera's tile");
        Assert.Equal("idle", await ui.EvaluateAsync<string>($"{Tile(camera)}.dataset.state"));
        Assert.Equal("false", await ui.EvaluateAsync<string>($"{Tile(camera)}.querySelector('.motion').dataset.active"));

        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync("!!document.querySelector('.head-badges .badge')", "the camera page's state badge");
        Assert.Equal("idle", await ui.EvaluateAsync<string>("document.querySelector('.head-badges .badge').dataset.status"));
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task With_fifty_cameras_only_the_tiles_in_view_load_frames()
    {
        var host = await hosts.Standalone;
        var prefix = UiApi.NewCameraId("fifty");
        var cameras = Enumerable.Range(0, 50).Select(i => $"{prefix}-{i:D2}").ToList();
        foreach (var camera in cameras)
        {
            await UiApi.RegisterAsync(host, camera);
        }
        await Task.WhenAll(cameras.Select((camera, i) => UiApi.PushAsync(host, camera, UiFrames.Scenes[i % UiFrames.Scenes.Count])));

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.SetValueAsync("#filter-id", prefix);
        await ui.WaitForAsync($"document.querySelectorAll('.tile:not([hidden])').length === 50", "the wall shows the 50 cameras");
        await ui.WaitForAsync($"{Tile(cameras[0])}.querySelector('img.frame').naturalWidth === 640", "the first tile in view shows its frame");
        // Tiles in view, or within the 200 px the wall preloads below it.
        var inView = await ui.EvaluateAsync<string[]>(
            "[...document.querySelectorAll('.tile:not([hidden])')].filter(t => t.getBoundingClientRect().top < innerHeight + 200).map(t => t.dataset.cameraId)");
        await ui.WaitForAsync(string.Join(" && ", inView.Select(camera => $"{Tile(camera)}.querySelector('img.frame').naturalWidth > 0")), "every tile in view shows its frame");
        var loaded = FramesRequested(ui, prefix);
        Assert.True(inView.Length < 30, $"the viewport holds a part of the wall ({inView.Length} tiles)");
        Assert.Subset(inView.ToHashSet(), loaded.ToHashSet());

        await ui.Page.EvaluateExpressionAsync("window.scrollTo(0, document.body.scrollHeight)");
        await ui.WaitForAsync($"{Tile(cameras[^1])}.querySelector('img.frame').naturalWidth === 640", "the last tile loads its frame once scrolled into view");
        Assert.Contains(cameras[^1], FramesRequested(ui, prefix));
        await ui.ScreenshotAsync("camera-wall-fifty", fullPage: false);
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task A_frame_that_failed_to_load_is_tried_again_without_waiting_for_a_newer_one()
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("retry");
        await UiApi.RegisterAsync(host, camera);
        var sequence = (await UiApi.PushAsync(host, camera, UiFrames.Card)).GetProperty("sequence").GetInt64();

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        var frame = $"/api/cameras/{camera}/frames/{sequence}";
        var asked = 0;
        // The first request for the frame meets a gateway that cannot reach a silo for a moment.
        await ui.Page.SetRequestInterceptionAsync(true);
        ui.Page.Request += async (_, e) =>
        {
            if (new Uri(e.Request.Url).AbsolutePath == frame && Interlocked.Increment(ref asked) == 1)
            {
                await e.Request.RespondAsync(new ResponseData
                {
                    Status = System.Net.HttpStatusCode.ServiceUnavailable,
                    ContentType = "application/problem+json",
                    Body = """{"title":"The cluster did not answer in time","status":503}""",
                });
                return;
            }
            await e.Request.ContinueAsync();
        };
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.SetValueAsync("#filter-id", camera);

        await ui.WaitForAsync(ShowsFrame(camera, sequence, 640), "the tile shows the frame once a second try loads it");
        Assert.Equal(2, Volatile.Read(ref asked));
        // The browser reports the refused load on its console too; nothing else went wrong.
        Assert.Contains($"HTTP 503: GET {host.BaseAddress.GetLeftPart(UriPartial.Authority)}{frame}", ui.Problems);
        Assert.All(ui.Problems, problem => Assert.Contains("503", problem, StringComparison.Ordinal));
    }

    /// <summary>The cameras whose frames the page asked for.</summary>
    private static IReadOnlyList<string> FramesRequested(UiPage ui, string prefix) =>
        [.. ui.Requests
            .Select(url => new Uri(url).AbsolutePath.Split('/'))
            .Where(parts => parts is [_, "api", "cameras", var id, "frames", _] && id.StartsWith(prefix, StringComparison.Ordinal))
            .Select(parts => parts[3])
            .Distinct()];

    internal static string Tile(string camera) => $"document.querySelector('.tile[data-camera-id=\"{camera}\"]')";

    private static string AllTilesExist(IEnumerable<string> cameras) => string.Join(" && ", cameras.Select(camera => $"!!{Tile(camera)}"));

    internal static string ShowsFrame(string camera, long sequence, int width) =>
        $"(() => {{ const img = {Tile(camera)}?.querySelector('img.frame'); return !!img && !img.hidden && img.dataset.sequence === '{sequence}' && img.complete && img.naturalWidth === {width}; }})()";
}
