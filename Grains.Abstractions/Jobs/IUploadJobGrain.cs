using Orleans;

namespace IngestionCluster.Grains.Abstractions.Jobs;

/// <summary>One direct-to-storage upload (key: its job id).</summary>
[Alias("ic.IUploadJobGrain")]
public interface IUploadJobGrain : IGrainWithStringKey
{
    /// <summary>Creates the job in status <c>created</c>; the same spec again returns it as it is.</summary>
    /// <exception cref="Errors.ResourceConflictException">The job id is taken by another spec.</exception>
    [Alias("Create")]
    Task<UploadJobInfo> Create(UploadJobSpec spec);

    /// <summary>
    /// The client finished uploading: the job is <c>queued</c>, then checked in the background (the object
    /// must exist with the declared size), hashed (and its lines counted for text) and <c>completed</c>, or
    /// <c>failed</c> with a reason. Calling it again returns the job as it is.
    /// </summary>
    /// <exception cref="Errors.ResourceNotFoundException">There is no such job.</exception>
    [Alias("Complete")]
    Task<UploadJobInfo> Complete();

    /// <summary>The job, or null when there is none with this id.</summary>
    [Alias("GetInfo")]
    Task<UploadJobInfo?> GetInfo();
}
