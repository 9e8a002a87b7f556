using IngestionCluster.Gateway.Uploads;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>
/// The body limit of every API request, applied by routing before the body is bound: room for the largest <c>meta</c>
/// (<c>Upload__MaxMetaBytes</c>) and the other fields of a JSON request, instead of Kestrel's 30 MB, so a JSON body is
/// refused (413) while it arrives rather than parsed whole and then found too large. Endpoints that stream files raise
/// it for themselves (<see cref="Streaming.RequestBodyLimit"/>).
/// </summary>
internal sealed class ApiBodySizeLimit(IOptions<UploadOptions> upload) : IRequestSizeLimitMetadata
{
    /// <summary>Room beside <c>meta</c>: URLs, names, ids, settings and whitespace.</summary>
    public const long OtherFieldsBytes = 1024 * 1024;

    public long? MaxRequestBodySize => upload.Value.MaxMetaBytes + OtherFieldsBytes;

    public static ApiBodySizeLimit Of(IEndpointRouteBuilder app) => new(app.ServiceProvider.GetRequiredService<IOptions<UploadOptions>>());
}
