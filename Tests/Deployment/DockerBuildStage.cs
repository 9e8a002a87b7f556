using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using IngestionCluster.Tests.Fixtures;

namespace IngestionCluster.Tests.Deployment;

/// <summary>
/// The build stage of one of <c>deploy/Dockerfile.*</c> (its first <c>FROM</c> up to the next), replayed without
/// Docker: <c>COPY</c> takes files from the build context (the repository root, minus what <c>.dockerignore</c> leaves
/// out) into a folder that stands for the container's file system, and each <c>RUN</c> runs there with the
/// container's absolute paths rooted in that folder and the <c>ARG</c>s set. What it proves: the stage's copy list
/// and commands build the image's application on this machine's SDK.
/// </summary>
public sealed partial class DockerBuildStage
{
    private readonly IReadOnlyList<string> _instructions;

    private DockerBuildStage(IReadOnlyList<string> instructions) => _instructions = instructions;

    public static DockerBuildStage Read(string dockerfile)
    {
        var instructions = new List<string>();
        var current = new StringBuilder();
        var stages = 0;
        foreach (var raw in File.ReadAllLines(dockerfile))
        {
            var line = raw.Trim();
            if (current.Length == 0 && (line.Length == 0 || line.StartsWith('#')))
            {
                continue;
            }
            current.Append(line.TrimEnd('\\').Trim()).Append(' ');
            if (line.EndsWith('\\'))
            {
                continue;
            }
            var instruction = current.ToString().Trim();
            current.Clear();
            if (instruction.StartsWith("FROM ", StringComparison.Ordinal) && ++stages > 1)
            {
                break;
            }
            instructions.Add(instruction);
        }
        return new DockerBuildStage(instructions);
    }

    /// <summary>Replays the stage in <paramref name="root"/> with <paramref name="arguments"/> as its ARG values; returns the commands' output.</summary>
    public async Task<string> RunAsync(string context, string root, IReadOnlyDictionary<string, string> arguments, TimeSpan timeout)
    {
        var ignoredFolders = IgnoredFolderNames(context);
        var workdir = root;
        var log = new StringBuilder();
        foreach (var instruction in _instructions)
        {
            var (keyword, rest) = Split(instruction);
            switch (keyword)
            {
                case "WORKDIR":
                    workdir = Rooted(root, rest);
                    Directory.CreateDirectory(workdir);
                    break;
                case "COPY":
                    var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    var destination = parts[^1].StartsWith('/') ? Rooted(root, parts[^1]) : Path.Combine(workdir, parts[^1]);
                    foreach (var source in parts[..^1])
                    {
                        Copy(Path.Combine(context, source), destination, ignoredFolders);
                    }
                    break;
                case "RUN":
                    var command = AbsolutePath().Replace(rest, match => Rooted(root, match.Value));
                    log.AppendLine($"$ {command}");
                    var (exitCode, output) = await RunShellAsync(command, workdir, arguments, timeout);
                    log.AppendLine(output);
                    if (exitCode != 0)
                    {
                        throw new InvalidOperationException($"RUN {rest} exited with {exitCode}:\n{log}");
                    }
                    break;
            }
        }
        return log.ToString();
    }

    /// <summary>Where the container's absolute <paramref name="path"/> lies in <paramref name="root"/>.</summary>
    public static string Rooted(string root, string path) => Path.Combine(root, path.TrimStart('/'));

    private static (string Keyword, string Arguments) Split(string instruction)
    {
        var space = instruction.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? (instruction, string.Empty) : (instruction[..space], instruction[(space + 1)..].Trim());
    }

    /// <summary>The folder names <c>.dockerignore</c> leaves out wherever they are (<c>**/bin/</c>).</summary>
    private static HashSet<string> IgnoredFolderNames(string context)
    {
        var file = Path.Combine(context, ".dockerignore");
        var names = new HashSet<string>(StringComparer.Ordinal);
        if (File.Exists(file))
        {
            foreach (var line in File.ReadAllLines(file).Select(line => line.Trim()))
            {
                if (line.StartsWith("**/", StringComparison.Ordinal) && line.EndsWith('/'))
                {
                    names.Add(line[3..^1]);
                }
            }
        }
        return names;
    }

    private static void Copy(string source, string destination, HashSet<string> ignoredFolders)
    {
        if (File.Exists(source))
        {
            var target = destination.EndsWith('/') || Directory.Exists(destination) ? Path.Combine(destination, Path.GetFileName(source)) : destination;
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target, overwrite: true);
            return;
        }
        if (!Directory.Exists(source))
        {
            throw new FileNotFoundException($"COPY source {source} is not in the build context");
        }
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            File.Copy(file, Path.Combine(destination, Path.GetFileName(file)), overwrite: true);
        }
        foreach (var folder in Directory.EnumerateDirectories(source).Where(folder => !ignoredFolders.Contains(Path.GetFileName(folder))))
        {
            Copy(folder, Path.Combine(destination, Path.GetFileName(folder)), ignoredFolders);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunShellAsync(string command, string workdir, IReadOnlyDictionary<string, string> arguments, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("/bin/sh", ["-c", command]) { WorkingDirectory = workdir };
        foreach (var (name, value) in arguments)
        {
            start.Environment[name] = value;
        }
        // No MSBuild nodes or compiler server outlive the commands, as none would in a build container.
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["UseSharedCompilation"] = "false";
        return await CommandRun.RunAsync(start, timeout, $"RUN {command}");
    }

    /// <summary>An absolute path argument in a RUN command (<c>-o /app</c>).</summary>
    [GeneratedRegex(@"(?<=\s)/[A-Za-z][^\s]*")]
    private static partial Regex AbsolutePath();
}
