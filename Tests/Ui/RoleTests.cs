using IngestionCluster.Gateway.Auth;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Ui.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Ui;

/// <summary>The UI shows what the signed-in role allows: no camera management or dashboard for a viewer.</summary>
[Collection(GatewayCollection.Name)]
public sealed class RoleTests(GatewayHosts hosts, ITestOutputHelper output)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_viewer_sees_no_admin_actions_and_an_admin_does(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        var camera = UiApi.NewCameraId("roles");
        await UiApi.RegisterAsync(host, camera);

        var viewer = await AdminActionsAsync(host, ApiRoles.Viewer, camera, $"viewer-{storage}");
        Assert.Equal(new AdminActions(false, false, false, false, true), viewer);
        var admin = await AdminActionsAsync(host, ApiRoles.Admin, camera, $"admin-{storage}");
        Assert.Equal(new AdminActions(true, true, true, true, false), admin);
    }

    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task A_refused_token_is_explained_and_no_page_is_shown(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.GoToAsync("/ui/cluster");
        await ui.WaitForAsync("location.pathname === '/ui/login' && !!document.querySelector('#token')", "the UI asks for a token first");
        await ui.Page.EvaluateFunctionAsync("token => { document.querySelector('#token').value = token; }", TestAuth.Expired(ApiRoles.Admin));
        await ui.Page.ClickAsync("form.login-form button[type=submit]");
        await ui.WaitForAsync("document.querySelector('.error-box')?.textContent.includes('The token has expired.') === true", "the login form says why the token was refused");
        await ui.Page.EvaluateFunctionAsync("token => { document.querySelector('#token').value = token; }", TestAuth.Token(ApiRoles.Camera, "cam-1"));
        await ui.Page.ClickAsync("form.login-form button[type=submit]");
        await ui.WaitForAsync("document.querySelector('.error-box')?.textContent.includes('camera tokens only push frames') === true", "a camera token is refused with a reason");
        await ui.ScreenshotAsync($"login-refused-{storage}");
        Assert.Equal("/ui/login", await ui.EvaluateAsync<string>("location.pathname"));
    }

    [Fact]
    public async Task A_configured_user_signs_in_with_name_and_password_and_a_wrong_password_is_explained()
    {
        var host = await hosts.Standalone;
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.GoToAsync("/ui/cluster");
        await ui.WaitForAsync("location.pathname === '/ui/login' && !!document.querySelector('#username') && !!document.querySelector('#token')",
            "the UI offers a name and password, and a token");

        await ui.Page.TypeAsync("#username", "admin");
        await ui.Page.TypeAsync("#password", "admin123");
        await ui.Page.ClickAsync("form.password-form button[type=submit]");
        await ui.WaitForAsync("document.querySelector('.password-form .error-box')?.textContent.includes('Incorrect username or password') === true",
            "a wrong password is refused with the reason");
        Assert.Equal(string.Empty, await ui.EvaluateAsync<string>("document.querySelector('#password').value"));

        await ui.Page.TypeAsync("#password", TestAuth.LoginUsers[0].Password);
        await ui.Page.ClickAsync("form.password-form button[type=submit]");
        await ui.WaitForAsync("location.pathname === '/ui/cluster' && document.querySelectorAll('.badge[data-status=\"active\"]').length > 0", "signed in, the page asked for");
        var session = await ui.EvaluateAsync<string>("fetch('/api/session').then(r => r.json()).then(s => `${s.role} ${s.subject} ${s.via}`)");
        Assert.Equal("admin admin cookie", session);
        await ui.ScreenshotAsync("login-with-password");
        // The refused login is the page's only failed request.
        Assert.All(ui.Problems, problem => Assert.Contains("401", problem, StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_uploader_deletes_an_ldo_from_its_page_and_a_viewer_is_not_offered_to()
    {
        var host = await hosts.Standalone;
        var ldoId = UiApi.NewCameraId("ldo-del");
        using (var form = Multipart.Form(Multipart.Text("metadata", $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"t":1}}""")))
        {
            await ApiAssert.StatusAsync(await host.As(ApiRoles.Ingest).PostAsync("/ingest/ldo", form), System.Net.HttpStatusCode.OK);
        }
        await using (var viewerBrowser = await ChromiumBrowser.LaunchAsync())
        {
            var viewer = await UiPage.OpenAsync(viewerBrowser, host.BaseAddress, output);
            await viewer.SignInAsync(TestAuth.Token(ApiRoles.Viewer));
            await viewer.GoToAsync($"/ui/ldos/{ldoId}");
            await viewer.WaitForAsync("document.querySelectorAll('pre.json').length > 0", "the LDO page");
            Assert.False(await viewer.ExistsAsync("#delete-ldo"), "a viewer is offered to delete");
        }
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(ApiRoles.Ingest));
        await ui.GoToAsync($"/ui/ldos/{ldoId}");
        await ui.WaitForAsync("!!document.querySelector('#delete-ldo')", "the delete button");

        await ui.Page.ClickAsync("#delete-ldo");

        await ui.WaitForAsync("location.pathname === '/ui/ldos' && document.body.innerText.includes('was deleted')", "back on the list, told so");
        await ApiAssert.ProblemAsync(await host.As(ApiRoles.Viewer).GetAsync($"/ingest/ldo/{ldoId}"), System.Net.HttpStatusCode.NotFound);
        ui.AssertNoProblems();
    }

    private async Task<AdminActions> AdminActionsAsync(GatewayHost host, string role, string camera, string name)
    {
        await using var browser = await ChromiumBrowser.LaunchAsync();
        var ui = await UiPage.OpenAsync(browser, host.BaseAddress, output);
        await ui.SignInAsync(TestAuth.Token(role));
        await ui.WaitForAsync($"!!{CameraWallTests.Tile(camera)}", "the wall lists the camera");
        var register = await ui.ExistsAsync("#register-camera");

        await ui.GoToAsync($"/ui/cameras/{camera}");
        await ui.WaitForAsync("!!document.querySelector('#settings-title')", "the camera page");
        await ui.WaitForAsync("document.querySelector('#settings-title').parentElement.children.length > 1", "the settings section");
        var delete = await ui.ExistsAsync("#delete-camera");
        var form = await ui.ExistsAsync("#settings-form");
        var readOnlySettings = await ui.ExistsAsync("#settings-title + div dl.facts");
        await ui.ScreenshotAsync($"camera-page-{name}");

        await ui.GoToAsync("/ui/cluster");
        await ui.WaitForAsync("!!document.querySelector('#silos-title')", "the cluster page");
        var dashboard = await ui.ExistsAsync("#dashboard-link");
        ui.AssertNoProblems();
        return new AdminActions(register, delete, form, dashboard, readOnlySettings);
    }

    private sealed record AdminActions(bool RegisterCamera, bool DeleteCamera, bool SettingsForm, bool DashboardLink, bool ReadOnlySettings);
}
