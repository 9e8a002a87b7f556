using System.Net;
using System.Text;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>
/// A multipart body whose client hangs up: it sends the given leading fields, the start of a file, and then
/// waits until the request is cancelled, so the server sees the connection drop mid-file.
/// </summary>
internal sealed class HangingUpContent(string boundary, IReadOnlyList<(string Name, string Value)> fields, string fileField, byte[] fileStart) : HttpContent
{
    private readonly TaskCompletionSource _sent = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the partial body has been written to the connection.</summary>
    public Task Sent => _sent.Task;

    public static HangingUpContent Create(IReadOnlyList<(string Name, string Value)> fields, string fileField, byte[] fileStart)
    {
        const string boundary = "hanging-up";
        var content = new HangingUpContent(boundary, fields, fileField, fileStart);
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var head = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            head.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }
        head.Append($"--{boundary}\r\nContent-Disposition: form-data; name=\"{fileField}\"; filename=\"clip.mp4\"\r\nContent-Type: video/mp4\r\n\r\n");
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), cancellationToken);
        await stream.WriteAsync(fileStart, cancellationToken);
        await stream.FlushAsync(cancellationToken);
        _sent.TrySetResult();
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
