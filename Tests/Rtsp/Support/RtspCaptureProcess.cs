using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Rtsp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Tests.Rtsp.Support;

/// <summary>
/// The body of <c>dotnet Tests.dll rtsp-capture URL</c>: a process that runs one capture loop and
/// prints <see cref="ConnectedLine"/> on the first frame, then captures until it is killed. Tests kill
/// it with SIGKILL and check that its ffmpeg does not outlive it.
/// </summary>
public static class RtspCaptureProcess
{
    public const string Command = "rtsp-capture";
    public const string ConnectedLine = "RTSP-CAPTURE-CONNECTED";

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length != 1)
        {
            await Console.Error.WriteLineAsync($"usage: {Command} RTSP_URL");
            return 2;
        }
        using var loggerFactory = LoggerFactory.Create(builder => builder.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ").SetMinimumLevel(LogLevel.Information));
        var options = new RtspOptions();
        var factory = new RtspCaptureLoopFactory(Options.Create(options), new RtspCapacity(options.MaxConcurrentStreams), loggerFactory.CreateLogger<RtspCaptureLoop>());
        var connected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var loop = factory.Start(
            "killed-owner",
            args[0],
            2,
            (_, _) => ValueTask.CompletedTask,
            (change, _) =>
            {
                if (change.Status == CaptureStatus.Connected)
                {
                    connected.TrySetResult();
                }
                return ValueTask.CompletedTask;
            });
        await connected.Task;
        Console.WriteLine(ConnectedLine);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }
}
