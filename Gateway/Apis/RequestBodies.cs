using Microsoft.OpenApi;

namespace IngestionCluster.Gateway.Apis;

/// <summary>The request bodies the streaming endpoints read, as the API document shows them.</summary>
internal static class RequestBodies
{
    /// <summary><c>POST /api/ingest/push/{camera_id}</c>: a multipart form with one JPEG, or the JPEG as the whole body.</summary>
    public static OpenApiRequestBody Push() => new()
    {
        Required = true,
        Description = "A JPEG frame, in one of two forms: multipart/form-data with the file in 'frame_file' (and an optional 'timestamp' field), " +
            "or the raw JPEG as the body with Content-Type image/jpeg (the timestamp then goes in the 'timestamp' query parameter).",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = Object(
                    required: [PushApi.FrameField],
                    (PushApi.FrameField, Binary("The JPEG frame.")),
                    (PushApi.TimestampField, new OpenApiSchema { Type = JsonSchemaType.Number, Description = "When the frame was taken, in Unix seconds (default: arrival)." })),
                Encoding = new Dictionary<string, OpenApiEncoding> { [PushApi.FrameField] = new() { ContentType = "image/jpeg" } },
            },
            ["image/jpeg"] = new() { Schema = Binary("The JPEG frame as the whole body.") },
        },
    };

    /// <summary><c>POST /ingest/ldo</c>: metadata JSON and an optional video, in either order.</summary>
    public static OpenApiRequestBody Ldo() => new()
    {
        Required = true,
        Description = "multipart/form-data with a 'metadata' part (JSON text) and an optional 'video' file, in either order; " +
            "the video streams to the blob store as it arrives (curl -F \"video=@clip.mp4\" -F 'metadata={…}').",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = Object(
                    required: ["metadata"],
                    ("metadata", new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Description = "A JSON object: ldo_id (optional; generated when missing; 1-128 characters of A-Z a-z 0-9 _ . -), " +
                            "sensor_data, context and prediction (any JSON).",
                        Examples = [System.Text.Json.Nodes.JsonValue.Create("""{"ldo_id":"ldo-42","sensor_data":{"temp":21.5},"context":{"line":"B"},"prediction":{"label":"scratch","score":0.91}}""")],
                    }),
                    ("video", Binary("The video (any type; sniffed from its bytes), at most Ldo__MaxVideoSize bytes."))),
                Encoding = new Dictionary<string, OpenApiEncoding>
                {
                    ["metadata"] = new() { ContentType = "application/json" },
                    ["video"] = new() { ContentType = "video/*, application/octet-stream" },
                },
            },
        },
    };

    /// <summary><c>POST /api/v1/ingest/upload</c>: a camera id, optional metadata and one or more image files.</summary>
    public static OpenApiRequestBody Upload() => new()
    {
        Required = true,
        Description = "multipart/form-data: 'camera_id', an optional 'meta' (a JSON object as text) and one or more image files in 'files'; " +
            "the files stream to the blob store as they arrive.",
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["multipart/form-data"] = new()
            {
                Schema = Object(
                    required: ["camera_id", "files"],
                    ("camera_id", new OpenApiSchema { Type = JsonSchemaType.String, Description = "1-64 characters of A-Z a-z 0-9 _ . -, e.g. Haas_Pit_1." }),
                    ("meta", new OpenApiSchema { Type = JsonSchemaType.String, Description = "A JSON object stored with every image." }),
                    ("files", new OpenApiSchema { Type = JsonSchemaType.Array, Items = Binary("An image (JPEG, PNG, …)."), Description = "At most Upload__MaxBatchSize files." })),
                Encoding = new Dictionary<string, OpenApiEncoding> { ["meta"] = new() { ContentType = "application/json" } },
            },
        },
    };

    private static OpenApiSchema Binary(string description) => new() { Type = JsonSchemaType.String, Format = "binary", Description = description };

    private static OpenApiSchema Object(IReadOnlyList<string> required, params (string Name, OpenApiSchema Schema)[] properties) => new()
    {
        Type = JsonSchemaType.Object,
        Required = new HashSet<string>(required),
        Properties = properties.ToDictionary(p => p.Name, p => (IOpenApiSchema)p.Schema),
    };
}
