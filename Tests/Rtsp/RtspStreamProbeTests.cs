using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using FFMpegCore;
using IngestionCluster.Grains.Rtsp;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Rtsp.Support;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>ffprobe through FFMpegCore against the real GStreamer RTSP server: what a source sends, and no ffprobe left behind.</summary>
[Collection(RtspTestsCollection.Name)]
public sealed class RtspStreamProbeTests(ITestOutputHelper output)
{
    private readonly RecordingLoggerFactory _logs = new(output);

    [Fact]
    public async Task Probing_the_test_server_reports_mjpeg_640x360_at_10_fps()
    {
        var server = await TestServers.Rtsp;

        var stream = await Probe().ProbeAsync(server.Url, CancellationToken.None);

        Assert.NotNull(stream);
        Assert.Contains(stream.Codec, new[] { "mjpeg", "jpeg" });
        Assert.Equal((640, 360), (stream.Width, stream.Height));
        Assert.NotNull(stream.Fps);
        Assert.InRange(stream.Fps.Value, 9.5, 10.5);
    }

    [Fact]
    public async Task Probing_a_closed_port_answers_null_with_the_reason_and_without_the_password()
    {
        var url = $"rtsp://viewer:Pr0be-Secret@127.0.0.1:{FreePort.Next()}/cam";

        var stream = await Probe().ProbeAsync(url, CancellationToken.None);

        Assert.Null(stream);
        var failure = Assert.Single(_logs.WithEventId(5116));
        Assert.DoesNotContain("Pr0be-Secret", _logs.AllText, StringComparison.Ordinal);
        Assert.Contains("rtsp://***@127.0.0.1", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("password", "S3cr{t}|x^\"<>", "S3cr%7Bt%7D%7Cx%5E%22%3C%3E")]
    [InlineData("pwd", "Pässwort", "P%C3%A4sswort")]
    public async Task Probing_a_closed_port_logs_no_form_of_a_query_string_password(string key, string password, string escaped)
    {
        var url = $"rtsp://127.0.0.1:{FreePort.Next()}/cam?user=admin&{key}={password}";

        var stream = await Probe().ProbeAsync(url, CancellationToken.None);

        Assert.Null(stream);
        Assert.Single(_logs.WithEventId(5116));
        foreach (var form in new[] { password, escaped, Regex.Replace(escaped, "%[0-9A-F]{2}", m => m.Value.ToLowerInvariant()) })
        {
            Assert.DoesNotContain(form, _logs.AllText, StringComparison.Ordinal);
        }
        Assert.Contains($"{key}=***", _logs.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_silent_server_ends_the_probe_at_the_timeout_and_ffprobe_is_gone()
    {
        await using var silent = SilentServer.Start();
        var marker = FfmpegLeftovers.NewMarker();
        var clock = Stopwatch.StartNew();

        var stream = await Probe(TimeSpan.FromSeconds(2)).ProbeAsync($"rtsp://127.0.0.1:{silent.Port}/cam?{marker}", CancellationToken.None);

        Assert.Null(stream);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(15));
        Assert.Empty(Ffprobes(marker));
    }

    [Fact]
    public async Task Cancelling_a_probe_kills_ffprobe_before_it_returns()
    {
        await using var silent = SilentServer.Start();
        var marker = FfmpegLeftovers.NewMarker();
        using var cancel = new CancellationTokenSource();
        var probing = Probe(TimeSpan.FromSeconds(60)).ProbeAsync($"rtsp://127.0.0.1:{silent.Port}/cam?{marker}", cancel.Token);
        await Eventually.TrueAsync(() => Ffprobes(marker).Count > 0, TimeSpan.FromSeconds(30), "ffprobe runs");

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probing);
        Assert.Empty(Ffprobes(marker));
    }

    [Theory]
    [InlineData("10/1", "10/1", 10.0)]
    [InlineData("0/0", "25/1", 25.0)]
    [InlineData("0/0", "90000/1", null)]
    [InlineData("30000/1001", "30/1", 29.97)]
    public void The_frame_rate_is_the_average_then_the_real_one_if_plausible(string average, string real, double? expected)
    {
        var analysis = FFProbe.FromJson(Analysis(average, real, "video"));

        var stream = RtspStreamProbe.Describe(analysis);

        Assert.NotNull(stream);
        Assert.Equal(("h264", 1920, 1080), (stream.Codec, stream.Width, stream.Height));
        Assert.Equal(expected, stream.Fps);
    }

    [Fact]
    public void A_source_without_video_has_no_stream_description()
    {
        Assert.Null(RtspStreamProbe.Describe(FFProbe.FromJson(Analysis("0/0", "0/0", "audio"))));
    }

    private RtspStreamProbe Probe(TimeSpan? timeout = null) =>
        new(Options.Create(RtspTestOptions.Short(o => o.ProbeTimeout = timeout ?? TimeSpan.FromSeconds(15))), _logs.CreateLogger<RtspStreamProbe>());

    private static IReadOnlyList<ProcessTable.Entry> Ffprobes(string marker) =>
        ProcessTable.Find(cmdline => cmdline.Contains("ffprobe", StringComparison.Ordinal) && cmdline.Contains(marker, StringComparison.Ordinal));

    /// <summary>ffprobe's JSON for one stream, as <c>-print_format json -show_format -show_streams</c> writes it.</summary>
    private static string Analysis(string average, string real, string type) => $$"""
        {
          "streams": [
            {
              "index": 0, "codec_name": "{{(type == "video" ? "h264" : "aac")}}", "codec_type": "{{type}}",
              {{(type == "video" ? "\"width\": 1920, \"height\": 1080," : "\"sample_rate\": \"48000\", \"channels\": 2,")}}
              "r_frame_rate": "{{real}}", "avg_frame_rate": "{{average}}", "time_base": "1/90000", "start_time": "0:00:00.000000",
              "disposition": { "default": 0 }, "tags": {}
            }
          ],
          "format": { "filename": "rtsp://camera/stream", "nb_streams": 1, "format_name": "rtsp", "start_time": "0:00:00.000000", "tags": {} }
        }
        """;

    /// <summary>A TCP server that accepts connections and never answers: an RTSP camera that hangs.</summary>
    private sealed class SilentServer : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly List<Socket> _accepted = [];
        private readonly Task _accepting;

        private SilentServer(TcpListener listener)
        {
            _listener = listener;
            _accepting = Task.Run(async () =>
            {
                while (true)
                {
                    var socket = await _listener.AcceptSocketAsync();
                    lock (_accepted)
                    {
                        _accepted.Add(socket);
                    }
                }
            });
        }

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public static SilentServer Start()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return new SilentServer(listener);
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Stop();
            await Task.WhenAny(_accepting);
            lock (_accepted)
            {
                _accepted.ForEach(s => s.Dispose());
            }
        }
    }
}
