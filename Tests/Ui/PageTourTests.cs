using System.Net;
using System.Net.Http.Json;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Ui;

/// <summary>Every page of the UI, with data on it, renders without an error and logs nothing to the console; a screenshot of each is kept.</summary>
[Collection(GatewayCollection.Name)]
public sealed class PageTourTests(GatewayHosts hosts, ITestOutputHelper output)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task Every_page_renders_its_data_without_console_errors(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var data = await SeedAsync(host);

        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Admin));
        var pages = new (string Path, string Name, string Shows)[]
        {
            // Scrolled to, as an operator would: the shared hosts hold other tests' cameras, and tiles out of view load no frame.
            ("/ui/", "wall", $"(tile => {{ tile?.scrollIntoView({{ block: 'center' }}); return !!tile?.querySelector('img.frame')?.naturalWidth; }})({CameraWallTests.Tile(data.Camera)})"),
            ($"/ui/cameras/{data.Camera}", "camera", "document.querySelectorAll('.strip-frame').length > 0 && !!document.querySelector('.timeline')"),
            ($"/ui/images?camera_id={data.Camera}", "images", "document.querySelectorAll('.image-card img').length > 0 && [...document.querySelectorAll('.image-card img')].every(img => img.complete && img.naturalWidth === 320)"),
            ($"/ui/images/{data.ImageId}", "image", "document.querySelector('code.hash')?.textContent.length === 64 && document.querySelector('img.live-frame')?.naturalWidth > 0"),
            ("/ui/requests", "requests", $"!!document.querySelector('a[href=\"/ui/requests/{data.RequestId}\"]')"),
            // One file stored, one skipped (not an image).
            ($"/ui/requests/{data.RequestId}", "request", "document.querySelectorAll('table.data tbody tr').length === 2 && document.querySelector('#skipped-title')?.textContent === 'Skipped files (1)'"),
            ("/ui/ldos", "ldos", $"!!document.querySelector('a[href=\"/ui/ldos/{data.LdoId}\"]')"),
            // sensor_data, context, prediction and the whole metadata as sent.
            ($"/ui/ldos/{data.LdoId}", "ldo", "document.querySelectorAll('pre.json').length === 4 && document.querySelector('[aria-labelledby=\"metadata-title\"] pre.json').textContent.includes('\"site\": \"north\"')"),
            ("/ui/jobs", "jobs", $"!!document.querySelector('a[href=\"/ui/jobs/{data.JobId}\"]')"),
            // A job of the log-ingest seed's route: a log format, no content type.
            ($"/ui/jobs/{data.JobId}", "job", "!!document.querySelector('.badge[data-status=\"created\"]') && document.querySelector('main').innerText.includes('csv log')"),
            ("/ui/cluster", "cluster", "document.querySelectorAll('.badge[data-status=\"active\"]').length > 0"),
            ("/ui/no-such-page", "not-found", "document.querySelector('h1')?.textContent === 'Page not found'"),
        };
        foreach (var (path, name, shows) in pages)
        {
            await ui.GoToAsync(path);
            await ui.WaitForAsync($"(() => {{ try {{ return !!({shows}); }} catch {{ return false; }} }})()", $"{path} shows its data");
            Assert.False(await ui.ExistsAsync(".error-box"), $"{path} shows an error: {await ui.EvaluateAsync<string>("document.querySelector('main').innerText")}");
            Assert.True(await ui.EvaluateAsync<bool>("document.querySelector('h1') !== null && document.title.endsWith('IngestionCluster')"), $"{path} has a heading and a title");
            await ui.ScreenshotAsync($"page-{name}-{storage}");
        }
        ui.AssertNoProblems();
    }

    [Fact]
    public async Task Api_errors_appear_as_readable_messages()
    {
        var host = await hosts.Standalone;
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
        await ui.GoToAsync("/ui/cameras/never-registered-camera");
        await ui.WaitForAsync("document.querySelector('.error-box')?.textContent.includes(\"Camera 'never-registered-camera' is not registered.\") === true",
            "the page says the camera is not registered");
        Assert.True(await ui.ExistsAsync(".error-box button"), "the error offers to try again");
        await ui.GoToAsync("/ui/images?from=2026-01-02T00:00:00Z&to=2026-01-01T00:00:00Z");
        await ui.WaitForAsync("document.querySelector('.error-box')?.textContent.includes('from must not be after to.') === true", "the page says why the filter was refused");
        await ui.ScreenshotAsync("api-error");
        // The recorder that lets the other tests say "no console errors" does see them.
        Assert.Contains(ui.Problems, problem => problem.StartsWith("HTTP 404", StringComparison.Ordinal));
        Assert.Contains(ui.Problems, problem => problem.StartsWith("console Error: Failed to load resource", StringComparison.Ordinal));
    }

    private static async Task<SeededData> SeedAsync(GatewayHost host)
    {
        var camera = UiApi.NewCameraId("tour");
        await UiApi.RegisterAsync(host, camera);
        var admin = host.As(ApiRoles.Admin);
        using (var patch = await admin.PatchAsJsonAsync($"/api/cameras/{camera}", new { persist = new { mode = "all", every_n = 1 } }))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }
        string? imageId = null;
        foreach (var frame in UiFrames.Scenes.Take(3))
        {
            imageId = (await UiApi.PushAsync(host, camera, frame)).GetProperty("image_id").GetString();
        }

        var ingest = host.As(ApiRoles.Ingest);
        using var upload = Multipart.Form(Multipart.Text("camera_id", camera), Multipart.Text("meta", """{"shift":"night"}"""),
            Multipart.File("files", UiFrames.Card, "card.jpg", "image/jpeg"), Multipart.File("files", "shift notes"u8.ToArray(), "notes.jpg", "image/jpeg"));
        var request = await ApiAssert.StatusAsync(await ingest.PostAsync("/api/v1/ingest/upload", upload), HttpStatusCode.Created);
        var ldoId = UiApi.NewCameraId("ldo");
        using var ldo = Multipart.Form(Multipart.Text("metadata",
            $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"speed":12.5},"context":{"site":"north"},"prediction":{"label":"truck","score":0.93}}"""));
        await ApiAssert.StatusAsync(await ingest.PostAsync("/ingest/ldo", ldo), HttpStatusCode.OK);
        var job = await ApiAssert.StatusAsync(
            await ingest.PostAsJsonAsync("/ingest/files/init", new { filename = "shift.csv", size = 12, log_format = "csv" }), HttpStatusCode.Created);
        return new SeededData(camera, imageId!, request.GetProperty("request_id").GetString()!, ldoId, job.GetProperty("job_id").GetString()!);
    }

    private sealed record SeededData(string Camera, string ImageId, string RequestId, string LdoId, string JobId);
}
