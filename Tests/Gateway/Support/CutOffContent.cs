using System.Net;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>
/// A request body whose client goes away mid-upload: it announces the whole length, sends the first
/// <c>cutAt</c> bytes, waits until the test says so, then fails, so the connection is dropped with the body unfinished.
/// </summary>
internal sealed class CutOffContent(byte[] body, int cutAt) : HttpContent
{
    private readonly TaskCompletionSource _hangUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The bytes of <paramref name="form"/>, cut <paramref name="unsentBytes"/> before their end.</summary>
    public static async Task<CutOffContent> FromAsync(HttpContent form, int unsentBytes)
    {
        var body = await form.ReadAsByteArrayAsync();
        var content = new CutOffContent(body, body.Length - unsentBytes);
        content.Headers.ContentType = form.Headers.ContentType;
        return content;
    }

    public void HangUp() => _hangUp.TrySetResult();

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(body.AsMemory(0, cutAt));
        await stream.FlushAsync();
        await _hangUp.Task;
        throw new IOException("the test client hung up mid-upload");
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
