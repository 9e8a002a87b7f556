using Orleans;

namespace IngestionCluster.Grains.Abstractions.Cameras;

/// <summary>
/// Registers the cameras of a camera file (the camera-ingest seed's <c>cameras.json</c>) once per content: an entry new
/// to the grain, or changed since it was last imported, registers its camera (replacing that camera's settings, as the
/// seed did at start); an entry imported before as it is now is left alone, so what the API changed since (settings, a
/// disconnect, a deletion) stands. Every silo that starts with the file imports it; the imports pass here one at a time.
/// </summary>
[Alias("ic.ICameraFileImportGrain")]
public interface ICameraFileImportGrain : IGrainWithStringKey
{
    /// <exception cref="ArgumentException">An entry's camera id is invalid, or two entries have the same one.</exception>
    [Alias("Import")]
    [ResponseTimeout("00:10:00")]
    Task<CameraFileImportResult> Import(IReadOnlyList<CameraFileEntry> entries);
}
