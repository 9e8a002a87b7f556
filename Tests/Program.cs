using IngestionCluster.Tests.Rtsp.Support;

namespace IngestionCluster.Tests;

/// <summary>
/// Under <c>dotnet test</c> this entry point is not used. Run as <c>dotnet Tests.dll rtsp-capture URL</c>
/// it runs one RTSP capture loop until it is killed, so tests can kill a real process.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == RtspCaptureProcess.Command)
        {
            return await RtspCaptureProcess.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync($"Run the tests with 'dotnet test'. '{RtspCaptureProcess.Command} URL' runs one RTSP capture loop.");
        return 2;
    }
}
