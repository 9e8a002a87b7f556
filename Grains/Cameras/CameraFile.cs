using System.Globalization;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;

namespace IngestionCluster.Grains.Cameras;

/// <summary>
/// Reads a camera file: the camera-ingest seed's <c>cameras.json</c>, an object from camera id to
/// <c>{"id", "source_type", "source_url"}</c> (its other fields, such as <c>status</c> and the ONVIF ones, are ignored),
/// or an array of such objects. <c>fps</c> and <c>buffer_size</c> may be given as <c>POST /api/cameras</c> takes them.
/// </summary>
public static class CameraFile
{
    /// <summary>A camera file larger than this is refused: it is read whole at every start.</summary>
    public const long MaxBytes = 16 * 1024 * 1024;

    /// <summary>The file's cameras.</summary>
    /// <exception cref="CameraFileException">The file cannot be read, is not such JSON, or one of its cameras breaks a rule; the message says which and why.</exception>
    public static async Task<IReadOnlyList<CameraFileEntry>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        try
        {
            var length = new FileInfo(path).Length;
            if (length > MaxBytes)
            {
                throw new CameraFileException($"The camera file {path} has {length} bytes; at most {MaxBytes} are read.");
            }
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CameraFileException($"The camera file {path} cannot be read: {e.Message}");
        }
        try
        {
            return Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new CameraFileException($"The camera file {path} is not valid JSON: {e.Message}");
        }
        catch (CameraFileException e)
        {
            throw new CameraFileException($"The camera file {path}: {e.Message}");
        }
    }

    /// <summary>The cameras of a camera file's content.</summary>
    public static IReadOnlyList<CameraFileEntry> Parse(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        using var document = JsonDocument.ParseValue(ref reader);
        var root = document.RootElement;
        IEnumerable<(string Where, JsonElement Camera, string? Key)> cameras = root.ValueKind switch
        {
            JsonValueKind.Object => root.EnumerateObject().Select(p => ($"camera \"{p.Name}\"", p.Value, (string?)p.Name)),
            JsonValueKind.Array => root.EnumerateArray().Select((e, i) => ($"camera {i + 1}", e, (string?)null)),
            _ => throw new CameraFileException("it must hold an object from camera id to camera (as the camera-ingest seed's cameras.json) or an array of cameras."),
        };
        var entries = new List<CameraFileEntry>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (where, camera, key) in cameras)
        {
            var entry = Entry(camera, key, where);
            if (!ids.Add(entry.CameraId))
            {
                throw new CameraFileException($"{where}: camera id \"{entry.CameraId}\" is in the file twice.");
            }
            entries.Add(entry);
        }
        return entries;
    }

    private static CameraFileEntry Entry(JsonElement camera, string? key, string where)
    {
        if (camera.ValueKind != JsonValueKind.Object)
        {
            throw new CameraFileException($"{where} must be an object such as {{\"id\": \"cam_001\", \"source_type\": \"rtsp\", \"source_url\": \"rtsp://…\"}}.");
        }
        var id = Text(camera, "id", where) ?? key
            ?? throw new CameraFileException($"{where} has no \"id\".");
        if (key is not null && id != key)
        {
            throw new CameraFileException($"{where} has the id \"{id}\"; an entry's id must be its key.");
        }
        if (IdRules.Explain(id, IdRules.MaxCameraIdLength) is { } idProblem)
        {
            throw new CameraFileException($"{where}: invalid camera id: {idProblem}.");
        }
        var typeName = Text(camera, "source_type", where)
            ?? throw new CameraFileException($"{where} has no \"source_type\" ({string.Join(", ", CameraSourceTypes.Names)}).");
        var sourceType = CameraSourceTypes.Parse(typeName)
            ?? throw new CameraFileException($"{where} has the source_type \"{typeName}\"; this product takes {string.Join(", ", CameraSourceTypes.Names)}"
                + (typeName == "onvif" ? " (register an ONVIF camera by its RTSP stream URL)." : "."));
        var registration = new CameraRegistration(
            sourceType,
            Text(camera, "source_url", where),
            Number(camera, "fps", where) ?? 1,
            Number(camera, "buffer_size", where) is { } size ? (int)size : CameraRegistration.DefaultBufferSize);
        if (registration.Problem() is { } problem)
        {
            throw new CameraFileException($"{where}: {problem}.");
        }
        return new CameraFileEntry(id, registration);
    }

    private static string? Text(JsonElement camera, string name, string where) =>
        !camera.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new CameraFileException($"{where}: \"{name}\" must be a string.");

    private static double? Number(JsonElement camera, string name, string where)
    {
        if (!camera.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetDouble(out var number))
        {
            throw new CameraFileException($"{where}: \"{name}\" must be a number.");
        }
        if (name == "buffer_size" && (number != Math.Floor(number) || number is < int.MinValue or > int.MaxValue))
        {
            throw new CameraFileException($"{where}: \"buffer_size\" must be a whole number, not {number.ToString(CultureInfo.InvariantCulture)}.");
        }
        return number;
    }
}
