using IngestionCluster.Storage.Database;

namespace IngestionCluster.Grains.Catalog;

/// <summary>Read models of the LDO, upload-job and ingest-request grains (the grains' state is the truth), in PostgreSQL and SQLite.</summary>
internal static class CatalogSchema
{
    public const string Component = "catalog";

    public static IReadOnlyList<Migration> Migrations { get; } =
    [
        new(1, "ldos, upload jobs",
            """
            CREATE TABLE IF NOT EXISTS ldos (
                ldo_id text PRIMARY KEY,
                status text NOT NULL,
                filename text,
                size_bytes bigint NOT NULL,
                created_at timestamptz NOT NULL);
            CREATE INDEX IF NOT EXISTS ldos_created ON ldos (created_at DESC);
            CREATE TABLE IF NOT EXISTS upload_jobs (
                job_id text PRIMARY KEY,
                status text NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                info jsonb NOT NULL);
            CREATE INDEX IF NOT EXISTS upload_jobs_created ON upload_jobs (created_at DESC);
            CREATE INDEX IF NOT EXISTS upload_jobs_status_created ON upload_jobs (status, created_at DESC);
            """,
            """
            CREATE TABLE IF NOT EXISTS ldos (
                ldo_id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                filename TEXT,
                size_bytes INTEGER NOT NULL,
                created_at TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ldos_created ON ldos (created_at DESC);
            CREATE TABLE IF NOT EXISTS upload_jobs (
                job_id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                info TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS upload_jobs_created ON upload_jobs (created_at DESC);
            CREATE INDEX IF NOT EXISTS upload_jobs_status_created ON upload_jobs (status, created_at DESC);
            """),
        new(2, "ingest requests",
            """
            CREATE TABLE IF NOT EXISTS ingest_requests (
                request_id text PRIMARY KEY,
                status text NOT NULL,
                camera_id text NOT NULL,
                created_at timestamptz NOT NULL,
                updated_at timestamptz NOT NULL,
                info jsonb NOT NULL);
            CREATE INDEX IF NOT EXISTS ingest_requests_created ON ingest_requests (created_at DESC);
            CREATE INDEX IF NOT EXISTS ingest_requests_camera_created ON ingest_requests (camera_id, created_at DESC);
            """,
            """
            CREATE TABLE IF NOT EXISTS ingest_requests (
                request_id TEXT PRIMARY KEY,
                status TEXT NOT NULL,
                camera_id TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                info TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS ingest_requests_created ON ingest_requests (created_at DESC);
            CREATE INDEX IF NOT EXISTS ingest_requests_camera_created ON ingest_requests (camera_id, created_at DESC);
            """),
    ];

    public static SchemaComponent Schema { get; } = new(Component, Migrations);
}
