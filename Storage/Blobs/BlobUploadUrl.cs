namespace IngestionCluster.Storage.Blobs;

/// <summary>
/// A presigned URL a client uploads one blob to with a plain HTTP <c>PUT</c>, sending the body and the
/// header <c>Content-Type: {ContentType}</c> (it is part of the signature, so it must match exactly).
/// </summary>
/// <param name="Url">Where to PUT.</param>
/// <param name="ContentType">The Content-Type header the PUT must carry; null when the signature binds none, so any is taken.</param>
/// <param name="ExpiresAt">After this instant the URL is refused.</param>
public sealed record BlobUploadUrl(Uri Url, string? ContentType, DateTimeOffset ExpiresAt)
{
    /// <summary>The HTTP method to use.</summary>
    public string Method => "PUT";
}
