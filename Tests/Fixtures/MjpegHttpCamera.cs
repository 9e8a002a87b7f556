using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>
/// An IP camera's MJPEG stream over HTTP, as such cameras serve it (<c>GET /video.mjpg</c>: <c>multipart/x-mixed-replace</c>,
/// one JPEG part per frame, at <see cref="Fps"/>), on 127.0.0.1 and a free port, for ffmpeg to capture. It can be stopped
/// and started again on the same port, as a camera that goes away and comes back.
/// </summary>
public sealed class MjpegHttpCamera : IAsyncDisposable
{
    private const string Boundary = "ipcamera";
    private readonly IReadOnlyList<byte[]> _frames;
    private WebApplication? _app;

    private MjpegHttpCamera(IReadOnlyList<byte[]> frames, int port, double fps) => (_frames, Port, Fps) = (frames, port, fps);

    public int Port { get; }

    public double Fps { get; }

    public string Url => $"http://127.0.0.1:{Port}/video.mjpg";

    /// <summary>Parts served since the start, over every connection.</summary>
    public int PartsServed => _partsServed;

    private int _partsServed;

    public static async Task<MjpegHttpCamera> StartAsync(IReadOnlyList<byte[]> frames, double fps = 5)
    {
        var camera = new MjpegHttpCamera(frames, FreePort.Next(), fps);
        await camera.StartAgainAsync();
        return camera;
    }

    public async Task StartAgainAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.MapGet("/video.mjpg", ServeAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Stops serving and drops every open stream, as a camera that lost power.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync(TimeSpan.FromSeconds(2));
            await app.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync();

    private async Task ServeAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ends = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        context.Response.ContentType = $"multipart/x-mixed-replace;boundary={Boundary}";
        var interval = TimeSpan.FromSeconds(1 / Fps);
        try
        {
            for (var i = 0; !ends.IsCancellationRequested; i++)
            {
                var jpeg = _frames[i % _frames.Count];
                var header = Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n");
                await context.Response.Body.WriteAsync(header, ends.Token);
                await context.Response.Body.WriteAsync(jpeg, ends.Token);
                await context.Response.Body.WriteAsync("\r\n"u8.ToArray(), ends.Token);
                await context.Response.Body.FlushAsync(ends.Token);
                Interlocked.Increment(ref _partsServed);
                await Task.Delay(interval, ends.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // The client left or the camera "lost power".
        }
        context.Abort();
    }
}
