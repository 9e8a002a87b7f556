using Microsoft.AspNetCore.WebUtilities;

namespace IngestionCluster.Gateway.Streaming;

/// <summary>One form-data section of a multipart body: its field name and, for files, the client's file name.</summary>
internal sealed record MultipartPart(MultipartSection Section, string Name, string? FileName)
{
    public bool IsFile => FileName is not null;

    public Stream Body => Section.Body;
}
