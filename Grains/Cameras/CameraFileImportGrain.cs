using System.Globalization;
using System.Security.Cryptography;
using System.Text;
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
[GrainType(GrainTypeName)]
public sealed class CameraFileImportGrain(
    [PersistentState("camera-file-import", GrainStorage.Name)] IPersistentState<CameraFileImportState> state,
    ILogger<CameraFileImportGrain> logger) : Grain, ICameraFileImportGrain
{
    public const string GrainTypeName = "camera-file-import";
    private const int Parallelism = 8;

    public async Task<CameraFileImportResult> Import(IReadOnlyList<CameraFileEntry> entries)
    {
        var fingerprints = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            IdRules.ValidateCameraId(entry.CameraId);
            if (!fingerprints.TryAdd(entry.CameraId, Fingerprint(entry)))
            {
                throw new ArgumentException($"Camera '{entry.CameraId}' is in the camera file twice.", nameof(entries));
            }
        }
        var ledger = state.State.Imported;
        var unchanged = new List<string>();
        var changed = new List<CameraFileEntry>();
        foreach (var entry in entries)
        {
            if (ledger.GetValueOrDefault(entry.CameraId) == fingerprints[entry.CameraId])
            {
                unchanged.Add(entry.CameraId);
            }
            else
            {
                changed.Add(entry);
            }
        }

        var registered = new List<string>();
        var refused = new List<CameraFileRefusal>();
        var failed = new List<CameraFileRefusal>();
        // A few at a time, on this activation's scheduler: registrations write storage, and a file may hold hundreds.
        foreach (var batch in changed.Chunk(Parallelism))
        {
            await Task.WhenAll(batch.Select(async entry =>
            {
                try
                {
                    await GrainFactory.GetCamera(entry.CameraId).Register(entry.ToRegistration());
                    registered.Add(entry.CameraId);
                }
                catch (ArgumentException e)
                {
                    refused.Add(new CameraFileRefusal(entry.CameraId, e.Message));
                }
                catch (Exception e)
                {
                    failed.Add(new CameraFileRefusal(entry.CameraId, e.Message));
                }
            }));
        }

        var forgotten = ledger.Keys.Where(id => !fingerprints.ContainsKey(id)).ToList();
        if (registered.Count > 0 || forgotten.Count > 0)
        {
            var updated = new Dictionary<string, string>(ledger.Where(kv => fingerprints.ContainsKey(kv.Key)), StringComparer.Ordinal);
            foreach (var id in registered)
            {
                updated[id] = fingerprints[id];
            }
            // Restored if the write fails: the next import then registers these cameras again rather than skip them.
            var before = state.State.Imported;
            state.State.Imported = updated;
            await state.WriteOrDeactivateAsync(this, () => state.State.Imported = before);
        }
        if (forgotten.Count > 0)
        {
            logger.LogInformation("Cameras {Cameras} left the camera file; they stay registered", string.Join(", ", forgotten));
        }
        return new CameraFileImportResult(
            [.. registered.Order(StringComparer.Ordinal)], unchanged,
            [.. refused.OrderBy(r => r.CameraId, StringComparer.Ordinal)], [.. failed.OrderBy(r => r.CameraId, StringComparer.Ordinal)]);
    }

    /// <summary>
    /// What the file says of a camera, in a fixed form: a default the file leaves out is not part of it, so a release
    /// that changes a default does not register every camera again.
    /// </summary>
    internal static string Fingerprint(CameraFileEntry entry)
    {
        var form = string.Join('\n', "v1", entry.SourceType.Name(), entry.SourceUrl ?? "-",
            entry.Fps?.ToString("R", CultureInfo.InvariantCulture) ?? "-", entry.BufferSize?.ToString(CultureInfo.InvariantCulture) ?? "-");
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(form)));
    }
}
