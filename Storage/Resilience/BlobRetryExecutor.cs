using IngestionCluster.Storage.Blobs;
using IngestionCluster.Storage.Diagnostics;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace IngestionCluster.Storage.Resilience;

/// <summary>
/// Runs one blob store request under a Polly retry pipeline and turns what finally escapes into a
/// <see cref="BlobStoreException"/> that says what failed, where, after how many attempts and why.
/// Cancellation by the caller passes through untouched.
/// </summary>
internal sealed class BlobRetryExecutor
{
    private static readonly ResiliencePropertyKey<string> _operationProperty = new("blob.operation");
    private static readonly ResiliencePropertyKey<string> _keyProperty = new("blob.key");

    private readonly ResiliencePipeline _pipeline;
    private readonly Func<Exception, bool> _isTransient;
    private readonly Func<Exception, string> _describe;
    private readonly string _storeDescription;

    /// <param name="options">Attempts and delays.</param>
    /// <param name="isTransient">Whether a failure may go away by itself (retried) or not (fails at once).</param>
    /// <param name="describe">A one-line, secret-free description of a failure.</param>
    /// <param name="storeDescription">Where requests go, for messages, e.g. "S3 bucket 'ingest' at http://minio:9000".</param>
    /// <param name="logger">Receives one warning per retry.</param>
    public BlobRetryExecutor(
        BlobRetryOptions options,
        Func<Exception, bool> isTransient,
        Func<Exception, string> describe,
        string storeDescription,
        ILogger logger)
    {
        _isTransient = isTransient;
        _describe = describe;
        _storeDescription = storeDescription;
        var builder = new ResiliencePipelineBuilder();
        if (options.RetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.RetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } exception
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && isTransient(exception)),
                OnRetry = args =>
                {
                    logger.BlobOperationRetrying(
                        args.Context.Properties.GetValue(_operationProperty, "?"),
                        args.Context.Properties.GetValue(_keyProperty, "-"),
                        args.AttemptNumber + 1,
                        (long)args.RetryDelay.TotalMilliseconds,
                        args.Outcome.Exception is { } e ? describe(e) : "no exception");
                    return ValueTask.CompletedTask;
                },
            });
        }
        _pipeline = builder.Build();
    }

    /// <summary>Runs <paramref name="action"/>, retrying transient failures.</summary>
    /// <exception cref="BlobStoreException">A permanent failure, or a transient one that outlasted the retries.</exception>
    public async Task<T> ExecuteAsync<T>(string operation, BlobKey? key, Func<CancellationToken, Task<T>> action, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(_operationProperty, operation);
        context.Properties.Set(_keyProperty, key?.Value ?? "-");
        var attempts = 0;
        try
        {
            return await _pipeline.ExecuteAsync(
                async (ctx, state) =>
                {
                    attempts++;
                    return await state(ctx.CancellationToken).ConfigureAwait(false);
                },
                context,
                action).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not BlobStoreException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            throw CreateException(operation, key, Math.Max(1, attempts), exception);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>Runs <paramref name="action"/>, retrying transient failures.</summary>
    public Task ExecuteAsync(string operation, BlobKey? key, Func<CancellationToken, Task> action, CancellationToken cancellationToken) =>
        ExecuteAsync(operation, key, async token =>
        {
            await action(token).ConfigureAwait(false);
            return true;
        }, cancellationToken);

    /// <summary>Wraps a failure that happened outside the pipeline (or after it) in the same shape.</summary>
    public BlobStoreException CreateException(string operation, BlobKey? key, int attempts, Exception exception)
    {
        var transient = _isTransient(exception);
        var what = key is null ? operation : $"{operation} of '{key}'";
        var message = $"{_storeDescription}: {what} failed after {attempts} attempt{(attempts == 1 ? "" : "s")}"
            + (transient ? "" : attempts == 1 ? " (permanent error, not retried)" : " (permanent error)")
            + $": {_describe(exception)}";
        return new BlobStoreException(message, operation, key, attempts, transient, exception);
    }
}
