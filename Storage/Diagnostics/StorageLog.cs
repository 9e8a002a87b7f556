using Microsoft.Extensions.Logging;

namespace IngestionCluster.Storage.Diagnostics;

/// <summary>The blob stores' log events (source-generated, structured).</summary>
internal static partial class StorageLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning,
        Message = "Blob store {Operation} of {BlobKey} failed on attempt {Attempt}; retrying in {RetryDelayMs} ms: {Error}")]
    public static partial void BlobOperationRetrying(this ILogger logger, string operation, string blobKey, int attempt, long retryDelayMs, string error);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information,
        Message = "S3 blob store: bucket {Bucket} at {Endpoint}, region {Region}, path-style {ForcePathStyle}, multipart above {MultipartThresholdBytes} bytes in parts of {MultipartPartSizeBytes} bytes")]
    public static partial void S3StoreConfigured(this ILogger logger, string bucket, string endpoint, string region, bool forcePathStyle, long multipartThresholdBytes, int multipartPartSizeBytes);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Created S3 bucket {Bucket} at {Endpoint}")]
    public static partial void S3BucketCreated(this ILogger logger, string bucket, string endpoint);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Debug,
        Message = "Multipart upload {UploadId} of {BlobKey} completed: {PartCount} parts, {Size} bytes")]
    public static partial void MultipartUploadCompleted(this ILogger logger, string uploadId, string blobKey, int partCount, long size);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Warning,
        Message = "Multipart upload {UploadId} of {BlobKey} failed and was aborted")]
    public static partial void MultipartUploadAborted(this ILogger logger, string uploadId, string blobKey);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning,
        Message = "Could not abort multipart upload {UploadId} of {BlobKey}; its parts stay on the server until the abandoned-writes sweep (Storage__AbandonedWriteAge) removes them: {Error}")]
    public static partial void MultipartAbortFailed(this ILogger logger, string uploadId, string blobKey, string error);

    [LoggerMessage(EventId = 4110, Level = LogLevel.Information, Message = "Local blob store at {Root}")]
    public static partial void LocalStoreConfigured(this ILogger logger, string root);

    [LoggerMessage(EventId = 4111, Level = LogLevel.Warning, Message = "Could not remove temporary blob file {Path}: {Error}")]
    public static partial void TempFileCleanupFailed(this ILogger logger, string path, string error);

    [LoggerMessage(EventId = 4106, Level = LogLevel.Information, Message = "Abandoned multipart upload {UploadId} of {BlobKey}, started {Initiated:o}, aborted")]
    public static partial void AbandonedUploadAborted(this ILogger logger, string uploadId, string blobKey, DateTime initiated);

    [LoggerMessage(EventId = 4112, Level = LogLevel.Information, Message = "Temporary blob file {Path} of an unfinished write removed")]
    public static partial void AbandonedTempFileRemoved(this ILogger logger, string path);
}
