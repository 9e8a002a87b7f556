using System.Security.Cryptography;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Hosting;
using Microsoft.Extensions.Logging;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// The ledger of a camera file's imports. It keeps a hash of each entry it registered, never the entry (source URLs may
/// hold credentials). Entries that left the file are forgotten, so one added back is registered again; their cameras
/// stay registered (the API deletes cameras).
/// </summary>
[GrainType("camera-file-import")]
public sealed class CameraFileImportGrain(
    [PersistentState("camera-file-import", GrainStorage.Name)] IPersistentState<CameraFileImportState> state,
    ILogger<CameraFileImportGrain> logger) : Grain, ICameraFileImportGrain
{
    private const int Parallelism = 8;

    public async Task<CameraFileImportResult> Import(IReadOnlyList<CameraFileEntry> entries)
    {
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            IdRules.ValidateCameraId(entry.CameraId);
            if (!fingerprints.TryAdd(entry.CameraId, Fingerprint(entry.Registration)))
            {
                throw new ArgumentException($"Camera '{entry.CameraId}' is in the camera file twice.", nameof(entries));
            }
        }
        var ledger = state.State.Imported;
        var byImport = entries.ToLookup(entry => ledger.TryGetValue(entry.CameraId, out var known) && known == fingerprints[entry.CameraId]);
        var changed = byImport[false].ToList();
        var unchanged = byImport[true].Select(entry => entry.CameraId).ToList();
        var refused = new List<CameraFileRefusal>();
        var registered = new List<string>();
        // A few at a time, on this activation's scheduler: registrations write storage, and a file may hold hundreds.
        foreach (var batch in changed.Chunk(Parallelism))
        {
            await Task.WhenAll(batch.Select(async entry =>
            {
                try
                {
                    await GrainFactory.GetCamera(entry.CameraId).Register(entry.Registration);
                    registered.Add(entry.CameraId);
                }
                catch (ArgumentException e)
                {
                    refused.Add(new CameraFileRefusal(entry.CameraId, e.Message));
                }
            }));
        }

        var forgotten = ledger.Keys.Where(id => !fingerprints.ContainsKey(id)).ToList();
        if (registered.Count > 0 || forgotten.Count > 0)
        {
            foreach (var id in registered)
            {
                ledger[id] = fingerprints[id];
            }
            foreach (var id in forgotten)
            {
                ledger.Remove(id);
            }
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                // The ledger in memory is ahead of storage: the next import reads storage and registers these again (a no-op).
                DeactivateOnIdle();
                throw;
            }
        }
        if (forgotten.Count > 0)
        {
            logger.LogInformation("Cameras {Cameras} left the camera file; they stay registered", string.Join(", ", forgotten));
        }
        registered.Sort(StringComparer.Ordinal);
        refused.Sort((a, b) => string.CompareOrdinal(a.CameraId, b.CameraId));
        return new CameraFileImportResult(registered, unchanged, refused);
    }

    private static string Fingerprint(CameraRegistration registration) =>
        Convert.ToHexString(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(registration)));
}
