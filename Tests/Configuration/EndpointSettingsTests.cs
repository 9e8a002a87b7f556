using IngestionCluster.ServiceDefaults.Hosting;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Configuration;

/// <summary>Where the process listens and sends its telemetry: a value that is not a URL is a settings error naming its variable.</summary>
public sealed class EndpointSettingsTests
{
    [Theory]
    [InlineData(OtlpExportSettings.EndpointKey)]
    [InlineData(OtlpExportSettings.MetricsEndpointKey)]
    [InlineData(OtlpExportSettings.TracesEndpointKey)]
    public void An_otlp_endpoint_that_is_not_an_http_url_is_refused_naming_its_variable(string variable)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new(variable, "collector")]).Build();

        var error = Assert.Throws<OptionsValidationException>(() => OtlpExportSettings.Read(configuration));
        Assert.Equal($"{variable} must be an http:// or https:// URL such as http://otel-collector:4317, got 'collector'.", Assert.Single(error.Failures));
    }

    [Fact]
    public void Otlp_endpoints_that_are_urls_are_read()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [new(OtlpExportSettings.EndpointKey, "http://collector:4317"), new(OtlpExportSettings.TracesEndpointKey, " https://traces.example/v1/traces ")]).Build();

        Assert.Equal(new OtlpExportSettings(true, true, null, "https://traces.example/v1/traces"), OtlpExportSettings.Read(configuration));
    }

    [Theory]
    [InlineData("localhost:8080")]
    [InlineData("http://0.0.0.0:8080;ftp://0.0.0.0:21")]
    [InlineData("http://0.0.0.0:8080/api")]
    public void Urls_kestrel_cannot_listen_on_are_refused(string urls)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", urls] });

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseConfiguredHttpPort());
        Assert.StartsWith("ASPNETCORE_URLS (or --urls) must be http:// or https:// URLs", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:8080")]
    [InlineData("http://+:80;https://*:8443")]
    [InlineData("http://localhost:5000/")]
    public void Urls_kestrel_listens_on_are_kept(string urls)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--urls", urls] });

        builder.UseConfiguredHttpPort();
    }
}
