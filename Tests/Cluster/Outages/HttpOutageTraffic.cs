using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using IngestionCluster.Tests.Gateway.Support;

namespace IngestionCluster.Tests.Cluster.Outages;

/// <summary>
/// Steady HTTP traffic against a gateway while a store goes down and comes back, as clients send it: frame pushes
/// to cameras that persist every frame, image uploads, and registrations of new cameras (whose first activation
/// needs every store). Every answer is recorded, so a test can judge what users saw and check that what was
/// acknowledged was stored.
/// </summary>
internal sealed class HttpOutageTraffic : IAsyncDisposable
{
    private readonly HttpClient _http;
    private readonly string _prefix;
    private readonly byte[] _jpeg;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<HttpAnswer> _answers = new();
    private readonly List<Task> _loops = [];
    private int _newCameras;

    public HttpOutageTraffic(HttpClient http, string prefix, byte[] jpeg)
    {
        _http = http;
        _prefix = prefix;
        _jpeg = jpeg;
    }

    public IReadOnlyCollection<HttpAnswer> Answers => _answers;

    public IEnumerable<string> PushCameras(int count) => Enumerable.Range(0, count).Select(i => $"{_prefix}-push-{i}");

    public string UploadCamera => $"{_prefix}-upload";

    /// <summary>Registers the cameras that get pushes (while every store is up), then starts the loops.</summary>
    public async Task StartAsync(int pushCameras)
    {
        foreach (var camera in PushCameras(pushCameras))
        {
            var answer = await RegisterAsync(camera, CancellationToken.None);
            Assert.True(answer.IsSuccess, $"registering {camera} before the outage: {answer}");
        }
        foreach (var camera in PushCameras(pushCameras))
        {
            _loops.Add(LoopAsync(token => PushAsync(camera, token), TimeSpan.FromMilliseconds(150)));
        }
        _loops.Add(LoopAsync(UploadAsync, TimeSpan.FromMilliseconds(300)));
        _loops.Add(LoopAsync(RegisterNewCameraAsync, TimeSpan.FromMilliseconds(400)));
    }

    /// <summary>Waits until an answer since <paramref name="since"/> matches.</summary>
    public Task WaitForAsync(Func<HttpAnswer, bool> match, DateTimeOffset since, TimeSpan timeout, string what) =>
        Eventually.TrueAsync(() => _answers.Any(a => a.At >= since && match(a)), timeout, what);

    /// <summary>Waits until every kind of call has succeeded again after <paramref name="since"/>.</summary>
    public Task WaitForEverySuccessAsync(DateTimeOffset since, TimeSpan timeout) =>
        Eventually.TrueAsync(() => new[] { "push", "upload", "register" }.All(operation => _answers.Any(a => a.At >= since && a.Operation == operation && a.IsSuccess)),
            timeout, "pushes, uploads and registrations succeed again after the store is back");

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(Func<CancellationToken, Task> call, TimeSpan pause)
    {
        await Task.Yield();
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                // A call under way when the test stops the traffic runs to its answer: its effect may be stored, and the test counts it.
                await call(CancellationToken.None);
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task PushAsync(string camera, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(_jpeg);
        content.Headers.ContentType = new MediaTypeHeaderValue("image/jpeg");
        await SendAsync("push", camera, () => _http.PostAsync($"api/ingest/push/{camera}", content, cancellationToken), cancellationToken);
    }

    private async Task UploadAsync(CancellationToken cancellationToken)
    {
        using var form = Multipart.Form(Multipart.Text("camera_id", UploadCamera), Multipart.File("files", _jpeg, "frame.jpg", "image/jpeg"));
        await SendAsync("upload", UploadCamera, () => _http.PostAsync("api/v1/ingest/upload", form, cancellationToken), cancellationToken);
    }

    private async Task RegisterNewCameraAsync(CancellationToken cancellationToken)
    {
        var camera = $"{_prefix}-new-{Interlocked.Increment(ref _newCameras)}";
        if ((await RegisterAsync(camera, cancellationToken)).IsSuccess)
        {
            await PushAsync(camera, cancellationToken);
        }
    }

    private Task<HttpAnswer> RegisterAsync(string camera, CancellationToken cancellationToken) =>
        SendAsync("register", camera, () => _http.PostAsJsonAsync("api/cameras",
            new { id = camera, source_type = "http_push", persist = new { mode = "all" } }, cancellationToken), cancellationToken);

    private async Task<HttpAnswer> SendAsync(string operation, string subject, Func<Task<HttpResponseMessage>> send, CancellationToken cancellationToken)
    {
        HttpAnswer answer;
        try
        {
            using var response = await send();
            answer = new HttpAnswer(operation, subject, response.StatusCode, response.Headers.RetryAfter?.ToString(),
                response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(cancellationToken), DateTimeOffset.UtcNow);
        }
        catch (HttpRequestException e)
        {
            answer = new HttpAnswer(operation, subject, null, null, null, $"{e.GetType().Name}: {e.Message}", DateTimeOffset.UtcNow);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            answer = new HttpAnswer(operation, subject, null, null, null, $"no answer within the client's timeout: {e.Message}", DateTimeOffset.UtcNow);
        }
        _answers.Enqueue(answer);
        return answer;
    }
}
