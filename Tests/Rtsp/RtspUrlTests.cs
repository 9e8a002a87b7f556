using System.Text.RegularExpressions;
using IngestionCluster.Grains.Rtsp;

namespace IngestionCluster.Tests.Rtsp;

public sealed class RtspUrlTests
{
    [Theory]
    [InlineData("rtsp://127.0.0.1:8554/cam")]
    [InlineData("rtsp://camera.local/stream1")]
    [InlineData("RTSP://camera.local/stream1")]
    [InlineData("rtsps://camera.local:322/live?channel=1")]
    [InlineData("rtsp://admin:p%40ss%2Fword@10.0.0.5:554/h264")]
    [InlineData("rtsp://[::1]:8554/cam")]
    public void Accepts_rtsp_and_rtsps_urls_with_a_host(string url)
    {
        Assert.Null(RtspUrl.Problem(url));
        Assert.True(RtspUrl.IsValid(url));
    }

    [Theory]
    [InlineData(null, "empty")]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    [InlineData("http://camera.local/stream", "rtsp:// or rtsps://")]
    [InlineData("rtmp://camera.local/stream", "rtsp:// or rtsps://")]
    [InlineData("camera.local/stream", "rtsp:// or rtsps://")]
    [InlineData("-i rtsp://x/", "spaces")]
    [InlineData("rtsp:///path-only", "host")]
    [InlineData("rtsp://host:99999/cam", "not well formed")]
    [InlineData("rtsp://host/cam\nx", "control")]
    public void Rejects_anything_else_with_a_reason(string? url, string reasonPart)
    {
        var problem = RtspUrl.Problem(url);
        Assert.NotNull(problem);
        Assert.Contains(reasonPart, problem, StringComparison.Ordinal);
        Assert.False(RtspUrl.IsValid(url));
    }

    [Fact]
    public void Problem_never_repeats_the_url()
    {
        const string url = "rtsp://admin:Sup3rSecret@host:99999/cam";
        var problem = RtspUrl.Problem(url)!;
        Assert.DoesNotContain("Sup3rSecret", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rtsp://admin:secret@host:554/path", "rtsp://***@host:554/path")]
    [InlineData("rtsp://admin@host/path", "rtsp://***@host/path")]
    [InlineData("rtsp://host:554/path", "rtsp://host:554/path")]
    [InlineData("rtsps://u:p%40ss@cam.example.com/live", "rtsps://***@cam.example.com/live")]
    [InlineData("rtsp://u:pa/ss@wd@host/path", "rtsp://***@host/path")]
    [InlineData("rtsp://u:pa?ss@host/cam?pwd=xyz", "rtsp://***@host/cam?pwd=***")]
    [InlineData("rtsp://host/cam?user=admin&password=secret&channel=1", "rtsp://host/cam?user=***&password=***&channel=1")]
    [InlineData("rtsp://u:p@host/cam?pwd=xyz#frag", "rtsp://***@host/cam?pwd=***#frag")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Mask_hides_user_info_and_credential_query_values(string? url, string expected)
    {
        Assert.Equal(expected, RtspUrl.Mask(url));
    }

    [Fact]
    public void RedactSecrets_removes_credentials_from_ffmpeg_error_lines()
    {
        const string url = "rtsp://viewer:hunter2pw@127.0.0.1:8554/cam";
        var lines = new[]
        {
            "rtsp://viewer:hunter2pw@127.0.0.1:8554/cam: Server returned 401 Unauthorized (authorization failed)",
            "[tcp @ 0x55] Connection to tcp://viewer:hunter2pw@127.0.0.1:8554?timeout=5 failed",
            "Authorization: user viewer password hunter2pw",
            "rtsp://other:otherpw@127.0.0.1/x: boom",
        };
        foreach (var line in lines)
        {
            var redacted = RtspUrl.RedactSecrets(line, url);
            Assert.DoesNotContain("hunter2pw", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("viewer", redacted, StringComparison.Ordinal);
            Assert.DoesNotContain("otherpw", redacted, StringComparison.Ordinal);
        }
        Assert.Equal(
            "rtsp://***@127.0.0.1:8554/cam: Server returned 401 Unauthorized (authorization failed)",
            RtspUrl.RedactSecrets(lines[0], url));
    }

    [Theory]
    [InlineData("rtsp://127.0.0.1:9/cam?user=admin&password=S3cr{t}|x", "S3cr{t}|x", "S3cr%7Bt%7D%7Cx")]
    [InlineData("rtsp://127.0.0.1:9/cam?user=admin&pwd=Pässwort", "Pässwort", "P%C3%A4sswort")]
    [InlineData("rtsp://127.0.0.1:9/cam?user=admin&token=a%7Cb%20c!", "a|b c!", "a%7Cb%20c%21")]
    [InlineData("rtsp://viewer:Pä{ss}@127.0.0.1:9/cam", "Pä{ss}", "P%C3%A4%7Bss%7D")]
    public void RedactSecrets_also_removes_percent_escaped_secrets_in_either_hex_case(string url, string secret, string escaped)
    {
        var escapedUrl = new Uri(url).AbsoluteUri;
        var lines = new[]
        {
            $"{escapedUrl}: Connection refused",
            $"{LowerHex(escapedUrl)}: Connection refused",
            $"[tcp] password {escaped} rejected",
            $"[tcp] password {LowerHex(escaped)} rejected",
            $"[tcp] password {secret} rejected",
        };
        foreach (var line in lines)
        {
            var redacted = RtspUrl.RedactSecrets(line, url);
            foreach (var form in new[] { secret, escaped, LowerHex(escaped) })
            {
                Assert.DoesNotContain(form, redacted, StringComparison.Ordinal);
            }
        }
        Assert.Equal($"{RtspUrl.Mask(escapedUrl)}: Connection refused", RtspUrl.RedactSecrets(lines[0], url));

        static string LowerHex(string text) => Regex.Replace(text, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant());
    }

    [Fact]
    public void RedactSecrets_also_removes_percent_decoded_passwords()
    {
        const string url = "rtsp://cam%20user:p%40ssw0rd%21@host/cam";
        var redacted = RtspUrl.RedactSecrets("auth failed for cam user with p@ssw0rd!", url);
        Assert.DoesNotContain("p@ssw0rd!", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("cam user", redacted, StringComparison.Ordinal);
    }
}
