using System.Net;
using System.Text.Json;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>A Server-Sent Events client: reads <c>event:</c>/<c>data:</c> blocks as they arrive.</summary>
internal sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public List<(string Type, JsonElement Data)> Seen { get; } = [];

    public static async Task<SseStream> OpenAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        // The server opens with a comment once it listens, so events published from now on reach us.
        Assert.Equal(": connected", await reader.ReadLineAsync(cancellationToken));
        return new SseStream(response, reader);
    }

    public async Task<(string Type, JsonElement Data)> NextAsync(Func<(string Type, JsonElement Data), bool> match, CancellationToken cancellationToken)
    {
        var found = Seen.FirstOrDefault(match);
        if (found.Type is not null)
        {
            return found;
        }
        string? type = null;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && type is not null)
            {
                var item = (type, JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone());
                Seen.Add(item);
                if (match(item))
                {
                    return item;
                }
            }
        }
        throw new InvalidOperationException("The event stream ended.");
    }

    /// <summary>Reads until the server ends the stream; throws when <paramref name="cancellationToken"/> fires first.</summary>
    public async Task EndAsync(CancellationToken cancellationToken)
    {
        while (await _reader.ReadLineAsync(cancellationToken) is not null)
        {
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
