using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.Metadata;

/// <summary>The product's tables, in PostgreSQL and SQLite. Times: timestamptz / ISO-8601 text in UTC.</summary>
internal static class MetadataSchema
{
    public const string Component = "metadata";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "cameras, images, frames, stale sessions",
            """
            CREATE TABLE IF NOT EXISTS cameras (
                camera_id text PRIMARY KEY,
                source_type text NOT NULL,
                source_url_masked text,
                registration jsonb NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL);
            CREATE TABLE IF NOT EXISTS images (
                image_id text PRIMARY KEY,
                camera_id text NOT NULL,
                source text NOT NULL CHECK (source IN ('mqtt', 'http', 'rtsp', 'upload')),
                bucket text NOT NULL,
                object_key text NOT NULL,
                sha256 text NOT NULL,
                size_bytes bigint NOT NULL,
                content_type text NOT NULL,
                captured_at timestamptz NOT NULL,
                received_at timestamptz NOT NULL,
                chunk_count integer,
                meta jsonb,
                request_id text);
            CREATE INDEX IF NOT EXISTS images_camera_received ON images (camera_id, received_at DESC);
            CREATE INDEX IF NOT EXISTS images_received ON images (received_at DESC);
            CREATE TABLE IF NOT EXISTS frames (
                camera_id text NOT NULL,
                sequence bigint NOT NULL,
                image_id text NOT NULL,
                captured_at timestamptz NOT NULL,
                motion boolean NOT NULL,
                area integer NOT NULL,
                PRIMARY KEY (camera_id, sequence));
            CREATE TABLE IF NOT EXISTS stale_sessions (
                camera_id text NOT NULL,
                session_id text NOT NULL,
                chunks_received integer NOT NULL,
                chunks_total integer NOT NULL,
                bytes_received bigint NOT NULL,
                first_chunk_at timestamptz NOT NULL,
                closed_at timestamptz NOT NULL,
                PRIMARY KEY (camera_id, session_id));
            """,
            """
            CREATE TABLE IF NOT EXISTS cameras (
                camera_id TEXT PRIMARY KEY,
                source_type TEXT NOT NULL,
                source_url_masked TEXT,
                registration TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS images (
                image_id TEXT PRIMARY KEY,
                camera_id TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('mqtt', 'http', 'rtsp', 'upload')),
                bucket TEXT NOT NULL,
                object_key TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                content_type TEXT NOT NULL,
                captured_at TEXT NOT NULL,
                received_at TEXT NOT NULL,
                chunk_count INTEGER,
                meta TEXT,
                request_id TEXT);
            CREATE INDEX IF NOT EXISTS images_camera_received ON images (camera_id, received_at DESC);
            CREATE INDEX IF NOT EXISTS images_received ON images (received_at DESC);
            CREATE TABLE IF NOT EXISTS frames (
                camera_id TEXT NOT NULL,
                sequence INTEGER NOT NULL,
                image_id TEXT NOT NULL,
                captured_at TEXT NOT NULL,
                motion INTEGER NOT NULL,
                area INTEGER NOT NULL,
                PRIMARY KEY (camera_id, sequence));
            CREATE TABLE IF NOT EXISTS stale_sessions (
                camera_id TEXT NOT NULL,
                session_id TEXT NOT NULL,
                chunks_received INTEGER NOT NULL,
                chunks_total INTEGER NOT NULL,
                bytes_received INTEGER NOT NULL,
                first_chunk_at TEXT NOT NULL,
                closed_at TEXT NOT NULL,
                PRIMARY KEY (camera_id, session_id));
            """),
        // The old rule is found by the column it checks, not by the name PostgreSQL gave it. NOT VALID skips re-checking
        // the rows: the rule only grows, so every stored row met it already.
        new(2, "images captured from MJPEG cameras",
            """
            DO $$
            DECLARE rule text;
            BEGIN
                FOR rule IN SELECT conname FROM pg_constraint
                    WHERE conrelid = 'images'::regclass AND contype = 'c'
                        AND conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = 'images'::regclass AND attname = 'source')]
                LOOP
                    EXECUTE format('ALTER TABLE images DROP CONSTRAINT %I', rule);
                END LOOP;
            END $$;
            ALTER TABLE images ADD CONSTRAINT images_source_check CHECK (source IN ('mqtt', 'http', 'rtsp', 'upload', 'mjpeg')) NOT VALID;
            """,
            // SQLite cannot change a CHECK: the table is built again, rows and indexes with it.
            """
            CREATE TABLE images_with_mjpeg (
                image_id TEXT PRIMARY KEY,
                camera_id TEXT NOT NULL,
                source TEXT NOT NULL CHECK (source IN ('mqtt', 'http', 'rtsp', 'upload', 'mjpeg')),
                bucket TEXT NOT NULL,
                object_key TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                size_bytes INTEGER NOT NULL,
                content_type TEXT NOT NULL,
                captured_at TEXT NOT NULL,
                received_at TEXT NOT NULL,
                chunk_count INTEGER,
                meta TEXT,
                request_id TEXT);
            INSERT INTO images_with_mjpeg (image_id, camera_id, source, bucket, object_key, sha256, size_bytes, content_type, captured_at, received_at, chunk_count, meta, request_id)
                SELECT image_id, camera_id, source, bucket, object_key, sha256, size_bytes, content_type, captured_at, received_at, chunk_count, meta, request_id FROM images;
            DROP TABLE images;
            ALTER TABLE images_with_mjpeg RENAME TO images;
            CREATE INDEX images_camera_received ON images (camera_id, received_at DESC);
            CREATE INDEX images_received ON images (received_at DESC);
            """),
    ];
}
