using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.ServiceDefaults.Processes;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Rtsp.Support;
using Xunit.Abstractions;

namespace IngestionCluster.Tests.Rtsp;

/// <summary>No ffmpeg outlives its capture: after dispose, after cancellation, and after its owner process is killed with SIGKILL.</summary>
[Collection(RtspTestsCollection.Name)]
public sealed class FfmpegProcessLeakTests(ITestOutputHelper output)
{
    private readonly RecordingLoggerFactory _logs = new(output);

    [Fact]
    public async Task Disposing_a_capture_loop_leaves_no_ffmpeg()
    {
        var server = await TestServers.Rtsp;
        var marker = FfmpegLeftovers.NewMarker();
        var recorder = new CaptureRecorder();
        var loop = RtspTestOptions.LoopFactory(RtspTestOptions.Short(), _logs)
            .Start("cam-dispose", FfmpegLeftovers.WithMarker(server.Url, marker), 2, recorder.OnFrame, recorder.OnStatus);
        await recorder.WaitForStatusAsync(CaptureStatus.Connected, 1, TimeSpan.FromSeconds(20));
        Assert.NotEmpty(FfmpegLeftovers.Running(marker));

        await loop.DisposeAsync();

        // Dispose waits for ffmpeg and its guard to be gone: nothing to wait for afterwards.
        Assert.Empty(FfmpegLeftovers.Running(marker));
        Assert.Equal(CaptureStatus.Stopped, loop.Status);
        Assert.True(loop.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Stopping_a_loop_that_waits_between_attempts_leaves_no_ffmpeg()
    {
        var marker = FfmpegLeftovers.NewMarker();
        var recorder = new CaptureRecorder();
        var loop = RtspTestOptions.LoopFactory(RtspTestOptions.Short(o => o.ReconnectInitialDelay = o.ReconnectMaxDelay = TimeSpan.FromSeconds(30)), _logs)
            .Start("cam-closed", FfmpegLeftovers.WithMarker($"rtsp://127.0.0.1:{FreePort.Next()}/cam", marker), 2, recorder.OnFrame, recorder.OnStatus);
        await recorder.WaitForStatusAsync(CaptureStatus.Reconnecting, 1, TimeSpan.FromSeconds(10));

        var stopping = loop.StopAsync();
        Assert.True(await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromSeconds(15))) == stopping, "stop does not wait for the 30 s backoff");
        Assert.Empty(FfmpegLeftovers.Running(marker));
        Assert.Equal(CaptureStatus.Stopped, recorder.Statuses[^1]);
    }

    [Fact]
    public async Task Killing_the_owner_process_with_SIGKILL_leaves_no_ffmpeg()
    {
        var server = await TestServers.Rtsp;
        var marker = FfmpegLeftovers.NewMarker();
        using var directory = new TempDirectory("rtsp-owner");
        var log = directory.Combine("owner.log");
        var owner = GuardedProcess.Start(new GuardedProcessStartInfo(
            "dotnet", ["exec", typeof(RtspCaptureProcess).Assembly.Location, RtspCaptureProcess.Command, FfmpegLeftovers.WithMarker(server.Url, marker)])
        {
            LogFile = log,
            WorkingDirectory = directory.Path,
        });
        try
        {
            await Eventually.TrueAsync(() => ProcessLogFile.Read(log).Contains(RtspCaptureProcess.ConnectedLine, StringComparison.Ordinal) || owner.HasExited,
                TimeSpan.FromSeconds(60), "the owner process connected");
            Assert.False(owner.HasExited, ProcessLogFile.Read(log));
            var ffmpeg = FfmpegLeftovers.Running(marker);
            Assert.NotEmpty(ffmpeg);
            output.WriteLine(string.Join('\n', ffmpeg.Select(p => $"{p.Pid}: {p.CommandLine}")));

            owner.Kill(); // SIGKILL: no dispose, no exit handlers
            await owner.Exited;

            await FfmpegLeftovers.AssertGoneWithinAsync(marker, TimeSpan.FromSeconds(10));
        }
        finally
        {
            output.WriteLine(ProcessLogFile.Read(log));
            await owner.DisposeAsync();
        }
    }
}
