using IngestionCluster.ServiceDefaults.Configuration;

namespace IngestionCluster.Tests.Configuration;

/// <summary>URLs shown in configuration errors: the user info never shows, whatever it holds.</summary>
public sealed class UrlCredentialsTests
{
    [Theory]
    [InlineData("mqtt://ingest:secret@broker:1883", "mqtt://***@broker:1883")]
    [InlineData("mqtt://ingest@broker:1883", "mqtt://***@broker:1883")]
    [InlineData("mqtt://ingest:pa/ss@broker:1883", "mqtt://***@broker:1883")]
    [InlineData("mqtt://ingest:p@ss@broker:1883/", "mqtt://***@broker:1883/")]
    [InlineData("postgresql://app:s3cret@db:5432/ingest?sslmode=require", "postgresql://***@db:5432/ingest?sslmode=require")]
    [InlineData("redis://:pw@cache:6379?name=a@b", "redis://***@cache:6379?name=a@b")]
    [InlineData("user:secret@broker:1883", "***@broker:1883")]
    [InlineData("mqtt://ingest:pa?ss@broker:1883", "mqtt://***@broker:1883")]
    [InlineData("mqtt://ingest:pa#ss@broker:1883", "mqtt://***@broker:1883")]
    [InlineData("mqtt://ingest:p?a@s#s@broker:1883?x=1", "mqtt://***@broker:1883?x=1")]
    [InlineData("user:pw@broker:1883?next=ws://other", "***@broker:1883?next=ws://other")]
    public void User_info_is_masked(string url, string expected) =>
        Assert.Equal(expected, UrlCredentials.Mask(url));

    [Theory]
    [InlineData("mqtt://broker:1883")]
    [InlineData("broker:1883")]
    [InlineData("https://s3.example.com/bucket?x-id=a@b#frag")]
    [InlineData("rtsp://camera/live?user=a@b")]
    [InlineData("?x=1")]
    [InlineData("#")]
    [InlineData("")]
    public void A_URL_without_user_info_is_shown_as_given(string url) =>
        Assert.Equal(url, UrlCredentials.Mask(url));
}
