using System.Collections.Concurrent;
using System.Net.Http.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Ui;

/// <summary>A camera's page in a real headless Chromium: live view, ring buffer, motion timeline, events, settings.</summary>
[Collection(GatewayCollection.Name)]
public sealed class CameraPageTests(GatewayHosts hosts, ITestOutputHelper output)
{
    [Fact]
    public async Task An_admin_disconnects_and_connects_an_rtsp_cameras_stream_from_its_page()
    {
        var server = await Fixtures.TestServers.Rtsp;
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("stream");
        var admin = host.As(ApiRoles.Admin);
        await ApiAssert.StatusAsync(await admin.PostAsJsonAsync("/api/cameras", new { id = camera, source_type = "rtsp", source_url = server.Url, fps = 2, persist = new { mode = "none" } }),
            System.Net.HttpStatusCode.Created);
        try
        {
            await using var browser = await ChromiumBrowser.LaunchAsync();
            var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
            await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
            await ui.GoToAsync($"/ui/cameras/{camera}");
            await ui.WaitForAsync("document.querySelector('#stream-control')?.textContent === 'Disconnect stream'", "the stream's button");

            await ui.Page.ClickAsync("#stream-control");
            await ui.WaitForAsync("document.querySelector('#stream-control')?.textContent === 'Connect stream'", "the button offers to connect");
            Assert.Equal("stopped", (await UiApi.GetCameraAsync(host, camera)).GetProperty("capture").GetString());

            await ui.Page.ClickAsync("#stream-control");
            await Eventually.TrueAsync(async () => (await UiApi.GetCameraAsync(host, camera)).GetProperty("capture").GetString() == "connected",
                TimeSpan.FromSeconds(30), "the capture connects again");
            await ui.WaitForAsync("document.querySelector('#stream-control')?.textContent === 'Disconnect stream'", "the button offers to disconnect again", TimeSpan.FromSeconds(15));
            ui.AssertNoProblems();
        }
        finally
        {
            await admin.DeleteAsync($"/api/cameras/{camera}");
        }
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_settings_form_changes_the_camera(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("settings");
        await UiApi.RegisterAsync(host, camera, fps: 1);
        await UiApi.PushAsync(host, camera, UiFrames.Card);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync("!!document.querySelector('#settings-form')", "the settings form");
        await ui.SetValueAsync("#setting-fps", "5");
        await ui.SetValueAsync("#setting-buffer", "12");
        await ui.SetValueAsync("#setting-threshold", "40");
        await ui.SetValueAsync("#setting-min-area", "75");
        await ui.SetValueAsync("#setting-persist", "every_n");
        await ui.SetValueAsync("#setting-every-n", "3");
        await ui.Page.ClickAsync("#save-settings");
        await ui.WaitForAsync("document.querySelector('#settings-form .success')?.textContent === 'Saved.'", "the form says the settings are saved");

        var saved = await UiApi.GetCameraAsync(host, camera);
        Assert.Equal(5, saved.GetProperty("fps").GetDouble());
        Assert.Equal(12, saved.GetProperty("buffer_size").GetInt32());
        Assert.Equal(40, saved.GetProperty("motion").GetProperty("threshold").GetInt32());
        Assert.Equal(75, saved.GetProperty("motion").GetProperty("min_area").GetInt32());
        Assert.Equal("every_n", saved.GetProperty("persist").GetProperty("mode").GetString());
        Assert.Equal(3, saved.GetProperty("persist").GetProperty("every_n").GetInt32());
        // Fields the form does not show keep their values.
        Assert.Equal(5, saved.GetProperty("motion").GetProperty("warmup_frames").GetInt32());
        Assert.Contains("of 12 frames", await ui.EvaluateAsync<string>("document.querySelector('.facts-slot').textContent"));
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task Saving_the_settings_sends_only_the_changed_field_and_keeps_a_change_made_elsewhere()
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("settings-merge");
        await UiApi.RegisterAsync(host, camera, fps: 1);
        await UiApi.PushAsync(host, camera, UiFrames.Card);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        var patches = new ConcurrentQueue<string?>();
        ui.Page.Request += (_, e) =>
        {
            if (e.Request.Method == HttpMethod.Patch)
            {
                patches.Enqueue(e.Request.PostData?.ToString());
            }
        };
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync("document.querySelector('#setting-fps')?.value === '1'", "the settings form");

        // Another admin changes the rate while this one changes the threshold.
        await UiApi.PatchCameraAsync(host, camera, new { fps = 5 });
        await ui.SetValueAsync("#setting-threshold", "40");
        await ui.Page.ClickAsync("#save-settings");
        await ui.WaitForAsync("document.querySelector('#settings-form .success')?.textContent === 'Saved.'", "the form says the settings are saved");

        Assert.Equal("""{"motion":{"threshold":40}}""", Assert.Single(patches));
        var saved = await UiApi.GetCameraAsync(host, camera);
        Assert.Equal(5, saved.GetProperty("fps").GetDouble());
        Assert.Equal(40, saved.GetProperty("motion").GetProperty("threshold").GetInt32());
        Assert.Equal("5", await ui.EvaluateAsync<string>("document.querySelector('#setting-fps').value"));
        ui.AssertNoProblems();
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(0.05)]
    public async Task A_camera_registered_at_less_than_a_frame_a_second_saves_its_settings(double fps)
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("settings-slow");
        await UiApi.RegisterAsync(host, camera, fps: fps);
        await UiApi.PushAsync(host, camera, UiFrames.Card);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync("!!document.querySelector('#settings-form')", "the settings form");
        await ui.SetValueAsync("#setting-threshold", "40");
        await ui.Page.ClickAsync("#save-settings");
        // The browser refuses to submit a form whose fps input does not take the camera's rate.
        await ui.WaitForAsync("document.querySelector('#settings-form .success')?.textContent === 'Saved.'", "the form says the settings are saved");

        var saved = await UiApi.GetCameraAsync(host, camera);
        Assert.Equal(fps, saved.GetProperty("fps").GetDouble());
        Assert.Equal(40, saved.GetProperty("motion").GetProperty("threshold").GetInt32());
        ui.AssertNoProblems();
    }

    [Theory]
    [InlineData(ApiRoles.Viewer)]
    [InlineData(ApiRoles.Admin)]
    public async Task The_settings_shown_follow_a_change_made_elsewhere(string role)
    {
        var host = await hosts.Standalone;
        var camera = UiApi.NewCameraId("settings-follow");
        await UiApi.RegisterAsync(host, camera, fps: 1);
        await UiApi.PushAsync(host, camera, UiFrames.Card);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(role));
        await ui.GoToAsync($"/ui/cameras/{camera}");
        var admin = role == ApiRoles.Admin;
        await ui.WaitForAsync(admin ? "document.querySelector('#setting-fps')?.value === '1'" : $"{SettingShown("Frames per second")} === '1'", "the camera's settings");
        if (admin)
        {
            // A field the admin is changing keeps the admin's value.
            await ui.SetValueAsync("#setting-threshold", "40");
        }

        await UiApi.PatchCameraAsync(host, camera, new { fps = 5, motion = new { threshold = 30 } });
        // The page refreshes the camera every 5 s.
        var withinARefresh = TimeSpan.FromSeconds(12);
        if (admin)
        {
            await ui.WaitForAsync("document.querySelector('#setting-fps').value === '5'", "the form shows the new rate", withinARefresh);
            Assert.Equal("40", await ui.EvaluateAsync<string>("document.querySelector('#setting-threshold').value"));
        }
        else
        {
            await ui.WaitForAsync($"{SettingShown("Frames per second")} === '5' && {SettingShown("Motion threshold")} === '30'", "the settings list shows the new values", withinARefresh);
        }
        ui.AssertNoProblems();
    }

    /// <summary>The value the read-only settings list shows for a label.</summary>
    private static string SettingShown(string label) =>
        $"[...document.querySelectorAll('section[aria-labelledby=settings-title] dt')].find(dt => dt.textContent === '{label}')?.nextElementSibling.textContent";

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_page_shows_live_frames_the_ring_buffer_motion_of_the_hour_and_live_events(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("page");
        await UiApi.RegisterAsync(host, camera, motion: new { enabled = true, threshold = 25, min_area = 30, background_rate = 0.05, warmup_frames = 0 });
        await UiApi.PushAsync(host, camera, UiFrames.Black);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync("document.querySelectorAll('.strip-frame').length === 1", "the ring buffer strip shows the one buffered frame");
        await ui.WaitForAsync("!!document.querySelector('.timeline figcaption')", "the motion timeline");
        // Events published before the page's stream is open are not replayed to it.
        await ui.WaitForAsync("document.querySelector('.event-log-wrap').dataset.connected === 'true'", "the page's live events are connected");

        var white = (await UiApi.PushAsync(host, camera, UiFrames.White)).GetProperty("sequence").GetInt64();
        await ui.WaitForAsync($"document.querySelector('img.live-frame').dataset.sequence === '{white}'", "the live view shows the new frame");
        await ui.WaitForAsync("!!document.querySelector('.event-log li[data-type=\"motion.detected\"]')", "the event log lists the motion event");
        await ui.WaitForAsync("!!document.querySelector('.event-log li[data-type=\"frame.ingested\"]')", "the event log lists the frame");
        await ui.WaitForAsync("document.querySelectorAll('.strip-frame').length === 2", "the strip shows both buffered frames");
        await ui.WaitForAsync("document.querySelector('.head-badges .motion').dataset.active === 'true'", "the motion indicator lights");
        await ui.WaitForAsync("document.querySelectorAll('.timeline .bar-motion').length === 1", "the timeline marks the minute with motion", TimeSpan.FromSeconds(40));
        await ui.Page.ClickAsync(".strip-frame");
        await ui.WaitForAsync("document.querySelector('.live-label').textContent.startsWith('Paused')", "choosing a buffered frame shows it");
        await ui.ScreenshotAsync($"camera-page-{storage}");
        ui.AssertNoProblems();
    }
}
