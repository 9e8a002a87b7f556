using System.Diagnostics.CodeAnalysis;
using IngestionCluster.Grains.Cameras;
using IngestionCluster.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Orleans.GrainDirectory;
using Orleans.Metadata;
using Orleans.Runtime.GrainDirectory;

namespace IngestionCluster.Silo.Hosting;

/// <summary>
/// Cluster mode: cameras, capture sessions and the camera file's ledger must never run twice, not even briefly during
/// a membership change (Orleans' default directory is eventually consistent; the ledger is imported exactly while
/// silos join), so they register in the Redis grain directory, whose registration is atomic. Every other grain keeps
/// the default directory.
/// </summary>
internal sealed class SingleActivationDirectoryResolver(IServiceProvider services) : IGrainDirectoryResolver
{
    public const string DirectoryName = "single-activation";

    private static readonly HashSet<string> _grainTypes = [CameraGrain.GrainTypeName, CaptureSessionGrain.GrainTypeName, CameraFileImportGrain.GrainTypeName];

    public bool TryResolveGrainDirectory(GrainType grainType, GrainProperties? properties, [NotNullWhen(true)] out IGrainDirectory? grainDirectory)
    {
        grainDirectory = _grainTypes.Contains(grainType.ToString() ?? string.Empty)
            ? services.GetRequiredKeyedService<IGrainDirectory>(DirectoryName)
            : null;
        return grainDirectory is not null;
    }
}
