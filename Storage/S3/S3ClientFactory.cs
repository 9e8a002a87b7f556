using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace IngestionCluster.Storage.S3;

/// <summary>Builds the SDK client from validated <see cref="S3StorageOptions"/>.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3StorageOptions options) => Create(options, serviceUrlOverride: null);

    /// <summary>A client that only signs upload URLs for <see cref="S3StorageOptions.PublicEndpoint"/>; null when it is not set.</summary>
    public static AmazonS3Client? CreatePublicSigner(S3StorageOptions options)
    {
        if (!options.TryGetPublicUrl(out var publicUrl, out var error))
        {
            throw new ArgumentException(error, nameof(options));
        }
        return publicUrl is null ? null : Create(options, publicUrl);
    }

    private static AmazonS3Client Create(S3StorageOptions options, Uri? serviceUrlOverride)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // S3-compatible servers reject or mis-store the SDK's default trailing checksums (see PACKAGES.md).
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
            // Retries belong to the store's Polly pipeline, so attempts do not multiply.
            MaxErrorRetry = 0,
            Timeout = options.RequestTimeout,
        };
        if (!options.TryGetServiceUrl(out var serviceUrl, out var error))
        {
            throw new ArgumentException(error, nameof(options));
        }
        serviceUrl = serviceUrlOverride ?? serviceUrl;
        if (serviceUrl is null)
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
            config.UseHttp = !options.EffectiveUseTls;
        }
        else
        {
            config.ServiceURL = serviceUrl.GetLeftPart(UriPartial.Authority);
            config.AuthenticationRegion = options.Region;
        }
        return string.IsNullOrWhiteSpace(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
