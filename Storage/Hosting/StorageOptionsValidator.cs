using IngestionCluster.Storage.Local;
using IngestionCluster.Storage.Resilience;
using IngestionCluster.Storage.S3;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Storage.Hosting;

/// <summary>
/// Validates the storage settings of the chosen provider only (an unused S3 section must not stop a
/// standalone process), with messages naming the environment variables to set.
/// </summary>
internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    private readonly IOptions<S3StorageOptions> _s3;
    private readonly IOptions<LocalStorageOptions> _local;
    private readonly IOptions<BlobRetryOptions> _retry;

    public StorageOptionsValidator(IOptions<S3StorageOptions> s3, IOptions<LocalStorageOptions> local, IOptions<BlobRetryOptions> retry)
    {
        _s3 = s3;
        _local = local;
        _retry = retry;
    }

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = options.Provider switch
        {
            StorageOptions.S3Provider => _s3.Value.Validate().Concat(_retry.Value.Validate()).ToList(),
            StorageOptions.LocalProvider => _local.Value.Validate().ToList(),
            _ => [$"Storage__Provider must be '{StorageOptions.LocalProvider}' or '{StorageOptions.S3Provider}' (got '{options.Provider}')."],
        };
        failures.AddRange(options.Validate());
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
