using IngestionCluster.Tests.Rtsp.Support;
using IngestionCluster.Tests.Runtime.Processes;

namespace IngestionCluster.Tests;

/// <summary>
/// Under <c>dotnet test</c> this entry point is not used. Run as <c>dotnet Tests.dll runtime-silo ...</c>
/// it hosts the runtime's test grains in a silo process, so tests can kill a real process; as
/// <c>dotnet Tests.dll rtsp-capture URL</c> it runs one RTSP capture loop until it is killed.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length > 0 && args[0] == TestSiloProcess.Command)
        {
            return await TestSiloProcess.RunAsync(args[1..]);
        }
        if (args.Length > 0 && args[0] == RtspCaptureProcess.Command)
        {
            return await RtspCaptureProcess.RunAsync(args[1..]);
        }
        await Console.Error.WriteLineAsync($"Run the tests with 'dotnet test'. '{TestSiloProcess.Command}' hosts test grains in a silo process.");
        return 2;
    }
}
