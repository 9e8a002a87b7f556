using IngestionCluster.Storage.Hosting;
using IngestionCluster.Storage.S3;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Hosting;

/// <summary>In Production, refuses the well-known default credentials of S3-compatible servers (MinIO, s3rver).</summary>
internal sealed class ProductionStorageValidator(IHostEnvironment environment, IOptions<S3StorageOptions> s3) : IValidateOptions<StorageOptions>
{
    private static readonly (string AccessKey, string SecretKey, string Server)[] _defaults =
    [
        ("minioadmin", "minioadmin", "MinIO"),
        ("S3RVER", "S3RVER", "s3rver"),
    ];

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!environment.IsProduction() || options.Provider != StorageOptions.S3Provider)
        {
            return ValidateOptionsResult.Success;
        }
        var settings = s3.Value;
        foreach (var (accessKey, secretKey, server) in _defaults)
        {
            if (string.Equals(settings.AccessKey, accessKey, StringComparison.Ordinal) || string.Equals(settings.SecretKey, secretKey, StringComparison.Ordinal))
            {
                return ValidateOptionsResult.Fail(
                    $"Storage__AccessKey/Storage__SecretKey are the well-known default credentials of {server}, which are not allowed in Production: create a dedicated access key.");
            }
        }
        return ValidateOptionsResult.Success;
    }
}
