using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.Metadata;

/// <summary>The table of <see cref="CaptureIndex"/>.</summary>
internal static class CaptureIndexSchema
{
    public static SchemaComponent Component { get; } = new("captures",
    [
        new(1, "named MQTT captures",
            """
            CREATE TABLE IF NOT EXISTS captures (
                image_id text NOT NULL,
                camera_id text NOT NULL,
                session_id text NOT NULL,
                status text NOT NULL,
                received integer NOT NULL,
                total integer NOT NULL,
                first_chunk_at timestamptz NOT NULL,
                last_chunk_at timestamptz NOT NULL,
                stored_image_id text,
                PRIMARY KEY (image_id, camera_id));
            """,
            """
            CREATE TABLE IF NOT EXISTS captures (
                image_id TEXT NOT NULL,
                camera_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                status TEXT NOT NULL,
                received INTEGER NOT NULL,
                total INTEGER NOT NULL,
                first_chunk_at TEXT NOT NULL,
                last_chunk_at TEXT NOT NULL,
                stored_image_id TEXT,
                PRIMARY KEY (image_id, camera_id));
            """),
    ]);
}
