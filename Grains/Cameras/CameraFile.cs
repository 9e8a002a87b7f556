using System.Globalization;
using System.Text.Json;
using IngestionCluster.Grains.Abstractions.Cameras;
using IngestionCluster.Grains.Abstractions.Ids;
using IngestionCluster.Grains.Rtsp;

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

    private static readonly JsonDocumentOptions _json = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The file's cameras, or null when there is no file at <paramref name="path"/>.</summary>
    /// <exception cref="CameraFileException">The file cannot be read, is not such JSON, or one of its cameras breaks a rule; the message says which and why.</exception>
    public static async Task<IReadOnlyList<CameraFileEntry>?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        string fullPath;
        try
        {
            fullPath = Path.GetFullPath(path);
        }
        catch (ArgumentException e)
        {
            throw new CameraFileException($"The camera file path is not usable: {e.Message}");
        }
        byte[] bytes;
        try
        {
            if (Directory.Exists(fullPath))
            {
                throw new CameraFileException($"The camera file {fullPath} is a folder (a container's bind mount of a file that did not exist makes one).");
            }
            // Read to the end rather than trust the reported length, which some file systems give as 0.
            await using var file = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 4096, useAsync: true);
            using var content = new MemoryStream();
            var buffer = new byte[81920];
            int read;
            while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (content.Length + read > MaxBytes)
                {
                    throw new CameraFileException($"The camera file {fullPath} has more than {MaxBytes} bytes, the most that is read.");
                }
                content.Write(buffer, 0, read);
            }
            bytes = content.ToArray();
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CameraFileException($"The camera file {fullPath} cannot be read: {e.Message}");
        }
        try
        {
            return Parse(bytes);
        }
        catch (JsonException e)
        {
            throw new CameraFileException($"The camera file {fullPath} is not valid JSON: {e.Message}");
        }
        catch (CameraFileException e)
        {
            throw new CameraFileException($"The camera file {fullPath}: {e.Message}");
        }
    }

    /// <summary>The cameras of a camera file's content (UTF-8, with or without a byte order mark).</summary>
    public static IReadOnlyList<CameraFileEntry> Parse(ReadOnlyMemory<byte> json)
    {
        if (json.Span.StartsWith("\uFEFF"u8))
        {
            json = json[3..];
        }
        using var document = JsonDocument.Parse(json, _json);
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
        if (!CameraSourceTypes.TryFromName(typeName, out var sourceType))
        {
            throw new CameraFileException($"{where} has the source_type \"{typeName}\"; this product takes {string.Join(", ", CameraSourceTypes.Names)}"
                + (typeName == "onvif" ? " (register an ONVIF camera by its RTSP stream URL)." : "."));
        }
        var entry = new CameraFileEntry(id, sourceType, Text(camera, "source_url", where), Number(camera, "fps", where), WholeNumber(camera, "buffer_size", where));
        var registration = entry.ToRegistration();
        if (CaptureRules.Problem(registration) is { } problem)
        {
            throw new CameraFileException($"{where}: {problem}.");
        }
        return entry;
    }

    private static string? Text(JsonElement camera, string name, string where) =>
        !camera.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.String ? value.GetString()
        : throw new CameraFileException($"{where}: \"{name}\" must be a string.");

    private static double? Number(JsonElement camera, string name, string where) =>
        !camera.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) ? number
        : throw new CameraFileException($"{where}: \"{name}\" must be a number.");

    private static int? WholeNumber(JsonElement camera, string name, string where) =>
        Number(camera, name, where) is not { } number ? null
        : number == Math.Floor(number) && number is >= int.MinValue and <= int.MaxValue ? (int)number
        : throw new CameraFileException($"{where}: \"{name}\" must be a whole number, not {number.ToString(CultureInfo.InvariantCulture)}.");
}
