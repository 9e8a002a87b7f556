using IngestionCluster.Bench.Cameras;
using IngestionCluster.Grains.Abstractions.Images;
using IngestionCluster.Grains.Metadata;

namespace IngestionCluster.Bench.Failover;

/// <summary>
/// What the failover did to the data. Images: every MQTT image the broker acknowledged must have exactly one
/// row, found by the camera's image_id, with the SHA-256 of what was sent. Sequence numbers: no acknowledged
/// push may share its number with another of its camera, and one more push to each camera afterwards must
/// get a number above every acknowledged one (an acknowledged number at or above it is one the camera
/// forgot, and would hand out again). Pushed frames: every acknowledged push must have exactly one row with its timestamp.
/// </summary>
public sealed record DeliveryAudit(int ImagesExpected, int ImagesStored, int LostImages, int DuplicatedImages, int UnexpectedImages,
    int SequencesAcknowledged, int LostSequences, int DuplicatedSequences, int PushedFramesStored, int LostPushedFrames, int DuplicatedPushedFrames)
{
    private const int PageSize = 1000;

    public int Lost => LostImages + LostSequences + LostPushedFrames;

    public int Duplicated => DuplicatedImages + DuplicatedSequences + DuplicatedPushedFrames;

    /// <summary>Waits (up to <paramref name="timeout"/>) until every acknowledged image has a row, then audits.</summary>
    public static async Task<DeliveryAudit> TakeAsync(MetadataStore metadata, MqttCameraFleet fleet, PushCameras push, TimeSpan timeout)
    {
        var expected = fleet.Published.Values.Where(p => p.Acknowledged).ToList();
        var cameras = expected.Select(p => p.CameraId).Distinct().ToList();
        var deadline = DateTime.UtcNow + timeout;
        Dictionary<string, List<ImageRecord>> rows;
        while (true)
        {
            rows = await RowsAsync(metadata, cameras);
            if (rows.Values.Sum(r => r.Count) >= expected.Count || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(500);
        }

        var byImageId = rows.Values.SelectMany(r => r).GroupBy(r => (r.CameraId, ImageId: MqttImageId(r))).ToDictionary(g => g.Key, g => g.ToList());
        var expectedKeys = expected.Select(p => (p.CameraId, (string?)p.ImageId)).ToHashSet();
        var lostImages = expected.Count(p => !byImageId.TryGetValue((p.CameraId, p.ImageId), out var found) || found.All(r => r.Sha256 != p.Sha256));
        var duplicatedImages = byImageId.Values.Sum(found => found.Count - 1);
        var unexpected = byImageId.Keys.Count(key => !expectedKeys.Contains(key));

        var acknowledged = 0;
        var lostSequences = 0;
        var duplicatedSequences = 0;
        foreach (var (camera, sequences) in push.Sequences)
        {
            var all = sequences.ToArray();
            acknowledged += all.Length;
            duplicatedSequences += all.Length - all.Distinct().Count();
            var next = await push.PushOnceAsync(camera);
            lostSequences += all.Count(s => s >= next);
        }

        // After the probe pushes above, which are acknowledged and stored too.
        var pushedRows = await RowsAsync(metadata, [.. push.CameraIds]);
        var lostPushed = 0;
        var duplicatedPushed = 0;
        foreach (var camera in push.CameraIds)
        {
            var stored = pushedRows[camera].GroupBy(row => row.CapturedAt).ToDictionary(g => g.Key, g => g.Count());
            duplicatedPushed += stored.Values.Sum(count => count - 1);
            lostPushed += push.Timestamps.GetOrAdd(camera, _ => new()).Count(stamp => !stored.ContainsKey(stamp));
        }
        return new DeliveryAudit(expected.Count, rows.Values.Sum(r => r.Count), lostImages, duplicatedImages, unexpected, acknowledged, lostSequences, duplicatedSequences,
            pushedRows.Values.Sum(r => r.Count), lostPushed, duplicatedPushed);
    }

    private static async Task<Dictionary<string, List<ImageRecord>>> RowsAsync(MetadataStore metadata, IReadOnlyList<string> cameras)
    {
        var rows = new Dictionary<string, List<ImageRecord>>();
        foreach (var camera in cameras)
        {
            var list = new List<ImageRecord>();
            for (var skip = 0; ; skip += PageSize)
            {
                var page = await metadata.ListImagesAsync(new ImageQuery(camera, null, null, skip, PageSize), CancellationToken.None);
                list.AddRange(page.Items);
                if (page.Items.Count < PageSize)
                {
                    break;
                }
            }
            rows[camera] = list;
        }
        return rows;
    }

    /// <summary>The image_id the camera sent, which the capture session keeps in the row's meta.</summary>
    private static string? MqttImageId(ImageRecord row) =>
        row.Meta is { } meta && meta.TryGetProperty("mqtt_image_id", out var id) ? id.GetString() : null;
}
