using System.Net.Http.Headers;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Grains;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>A running gateway under test (standalone Silo, or a cluster-mode gateway in front of silos), reachable over real HTTP.</summary>
public abstract class GatewayHost : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];

    /// <summary>Standalone (SQLite and a blob folder) or cluster (PostgreSQL and S3).</summary>
    public abstract StorageKind Storage { get; }

    public abstract Uri BaseAddress { get; }

    /// <summary>The blob store the gateway writes to, for assertions.</summary>
    public abstract IBlobStore Blobs { get; }

    /// <summary>
    /// Every object in the blob store whose key starts with <paramref name="prefix"/> (in the folder store,
    /// temp files and orphaned sidecars too; on S3, unfinished multipart uploads too), to prove a failed
    /// request left nothing behind.
    /// </summary>
    public abstract Task<IReadOnlyList<string>> BlobKeysAsync(string prefix);

    /// <summary>The gateway's grain factory (the silo's own in standalone mode, the Orleans client in cluster mode).</summary>
    public abstract IGrainFactory Grains { get; }

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous() => Track(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) });

    /// <summary>A client with a valid token of <paramref name="role"/>.</summary>
    public HttpClient As(string role, string? cameraId = null) => WithToken(TestAuth.Token(role, cameraId));

    public HttpClient WithToken(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public virtual async ValueTask DisposeAsync()
    {
        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
            _clients.Clear();
        }
        await Task.CompletedTask;
        GC.SuppressFinalize(this);
    }

    private HttpClient Track(HttpClient client)
    {
        lock (_clients)
        {
            _clients.Add(client);
        }
        return client;
    }
}
