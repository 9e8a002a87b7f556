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
