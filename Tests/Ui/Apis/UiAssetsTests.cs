using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using IngestionCluster.Gateway.Ui;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Ui.Apis;

/// <summary>The UI's files: served by the gateway itself at <c>/ui/</c> (no CDN), with a strict content security policy.</summary>
[Collection(GatewayCollection.Name)]
public sealed partial class UiAssetsTests(GatewayHosts hosts)
{
    [Theory]
    [InlineData(StorageKind.Standalone)]
    [InlineData(StorageKind.Cluster)]
    public async Task The_root_redirects_to_the_ui_whose_pages_and_files_are_served_by_the_gateway(StorageKind storage)
    {
        var host = await hosts.Get(storage);
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.BaseAddress };
        foreach (var path in new[] { "/", "/ui" })
        {
            using var redirect = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/ui/", redirect.Headers.Location?.OriginalString);
        }

        using var index = await client.GetAsync("/ui/");
        Assert.Equal(HttpStatusCode.OK, index.StatusCode);
        Assert.Equal("text/html", index.Content.Headers.ContentType?.MediaType);
        Assert.Equal(UiEndpoints.ContentSecurityPolicy, index.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("nosniff", index.Headers.GetValues("X-Content-Type-Options").Single());
        var html = await index.Content.ReadAsStringAsync();
        foreach (Match reference in LocalReference().Matches(html))
        {
            using var asset = await client.GetAsync(reference.Groups["path"].Value);
            Assert.True(asset.StatusCode == HttpStatusCode.OK, $"{reference.Groups["path"].Value} is served");
        }

        using var page = await client.GetAsync("/ui/cameras/cam-1");
        Assert.Equal(html, await page.Content.ReadAsStringAsync());
        using var missing = await client.GetAsync("/ui/assets/js/missing.js");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        using var css = await client.GetAsync("/ui/assets/app.css");
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        using var conditional = new HttpRequestMessage(HttpMethod.Get, "/ui/assets/app.css");
        conditional.Headers.IfNoneMatch.Add(css.Headers.ETag!);
        using var notModified = await client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public void Every_script_style_and_font_comes_from_the_gateway_itself()
    {
        var assets = new UiAssets().All;
        Assert.Contains(assets, asset => asset.Path == "assets/js/app.js");
        foreach (var asset in assets)
        {
            var text = Encoding.UTF8.GetString(asset.Content).Replace("http://www.w3.org/2000/svg", "svg-namespace", StringComparison.Ordinal);
            Assert.DoesNotMatch(ExternalUrl(), text);
            if (asset.Path.EndsWith(".js", StringComparison.Ordinal))
            {
                foreach (Match import in ImportPath().Matches(text))
                {
                    Assert.StartsWith(".", import.Groups["path"].Value, StringComparison.Ordinal);
                }
            }
        }
    }

    [GeneratedRegex("(?:src|href)=\"(?<path>/ui/[^\"]+)\"")]
    private static partial Regex LocalReference();

    /// <summary>Any absolute or protocol-relative URL: a CDN, a web font, an analytics script.</summary>
    [GeneratedRegex(@"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalUrl();

    [GeneratedRegex(@"^\s*import\s[^'""]*['""](?<path>[^'""]+)['""]", RegexOptions.Multiline)]
    private static partial Regex ImportPath();
}
