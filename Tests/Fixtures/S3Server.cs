using System.Globalization;
using Amazon.Runtime;
using Amazon.S3;
using IngestionCluster.ServiceDefaults.Processes;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>An S3-protocol server (s3rver from npm, installed under tools/ by ./test.sh) with a bucket created at start.</summary>
public sealed class S3Server : ServerProcess
{
    public S3Server() : base("s3")
    {
        Port = FreePort.Next();
    }

    public int Port { get; }

    public string DefaultBucket => "ingest";

    public string AccessKey => "S3RVER";

    public string SecretKey => "S3RVER";

    public string Region => "us-east-1";

    public string Endpoint => $"http://{Host}:{Port}";

    public AmazonS3Client CreateClient() => new(
        new BasicAWSCredentials(AccessKey, SecretKey),
        new AmazonS3Config
        {
            ServiceURL = Endpoint,
            ForcePathStyle = true,
            AuthenticationRegion = Region,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    /// <summary>A fresh bucket for one test; returns its name.</summary>
    public async Task<string> CreateBucketAsync(string prefix = "test", CancellationToken cancellationToken = default)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(63, prefix.Length + 33)];
        using var client = CreateClient();
        await client.PutBucketAsync(name, cancellationToken);
        return name;
    }

    protected override GuardedProcessStartInfo CreateStartInfo()
    {
        // s3rver behind a thin wrapper of ours (tools/s3-test-server.js) that adds AbortMultipartUpload and ListMultipartUploads.
        var script = Path.GetFullPath(Path.Combine(RepositoryPaths.ToolsNodeModules, "..", "s3-test-server.js"));
        var s3rver = Path.Combine(RepositoryPaths.ToolsNodeModules, "s3rver", "bin", "s3rver.js");
        if (!File.Exists(s3rver))
        {
            throw new FixtureUnavailableException(
                $"s3rver is not installed ({s3rver} is missing). Run ./test.sh (it runs 'npm ci' in tools/), or 'npm ci --prefix tools'.");
        }
        var node = RequiredBinary.Find("node", "nodejs");
        var data = Directory.Combine("data");
        System.IO.Directory.CreateDirectory(data);
        return new GuardedProcessStartInfo(node,
        [
            script, "-d", data, "-a", Host, "-p", Port.ToString(CultureInfo.InvariantCulture),
            "--configure-bucket", DefaultBucket,
        ])
        {
            StopGracePeriod = TimeSpan.FromSeconds(3),
        };
    }

    protected override Task<bool> IsReadyAsync(CancellationToken cancellationToken) =>
        TcpPortOpenAsync(Host, Port, cancellationToken);
}
