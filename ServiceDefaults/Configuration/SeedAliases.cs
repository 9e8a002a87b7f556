using System.Collections.Frozen;

namespace IngestionCluster.ServiceDefaults.Configuration;

/// <summary>
/// The environment variables of the five seed services this project replaces, and the project settings each
/// one stands for. A seed user's <c>.env</c> configures the project unchanged; where the project's own name
/// is set too, the project's name wins; where two seeds name one setting, the earlier one in this list wins.
/// </summary>
public static class SeedAliases
{
    public const string TrackShift = "TrackShift";
    public const string ThermoSense = "ThermoSense";
    public const string LogIngest = "log-ingest";
    public const string CameraIngest = "camera-ingest";

    // The seeds kept their data in PostgreSQL and S3 (MinIO): a seed's database or bucket settings select those
    // stores in standalone mode too, as DATABASE_URL does, instead of being ignored beside SQLite and a folder.
    private static readonly KeyValuePair<string, string> PostgresDatabase = new("Db:Provider", "postgres");
    private static readonly KeyValuePair<string, string> S3Store = new("Storage:Provider", "s3");

    // A connection URL stands for the whole connection: beside the project's own host or connection string it
    // would otherwise still win through its connection string, which overrides the parts.
    private static readonly IReadOnlyList<string> DatabaseConnectionGroup =
        ["Db:ConnectionString", "Db:Host", "Db:Port", "Db:Database", "Db:Username", "Db:Password", "Db:SqlitePath"];

    // The broker URL's credentials belong to its broker: beside the project's own broker they would log in to the wrong one.
    private static readonly IReadOnlyList<string> BrokerGroup = ["Mqtt:BrokerUrl"];

    // A list of origins is taken whole from one place: merged by index, two lists would make a third.
    private static readonly IReadOnlyList<string> OriginGroup = ["Cors:AllowedOrigins"];

    public static IReadOnlyList<SeedAlias> All { get; } =
    [
        // TrackShift upload/RTSP service (pydantic settings with nested "__" sections).
        new(TrackShift, "DB__HOST", false, (v, _) => [new("Db:Host", v), PostgresDatabase]),
        new(TrackShift, "DB__PORT", false, (v, _) => [new("Db:Port", SeedValues.Port("DB__PORT", v))]),
        new(TrackShift, "DB__NAME", false, (v, _) => [new("Db:Database", v), PostgresDatabase]),
        new(TrackShift, "DB__USER", false, (v, _) => [new("Db:Username", v)]),
        new(TrackShift, "DB__PASSWORD", true, (v, _) => [new("Db:Password", v)]),
        new(TrackShift, "STORAGE__ENDPOINT", false, (v, env) => [new("Storage:Endpoint", EndpointWithSecureFlag("STORAGE__ENDPOINT", "STORAGE__SECURE", v, env)), S3Store]),
        new(TrackShift, "STORAGE__ACCESS_KEY", true, (v, _) => [new("Storage:AccessKey", v)]),
        new(TrackShift, "STORAGE__SECRET_KEY", true, (v, _) => [new("Storage:SecretKey", v)]),
        new(TrackShift, "STORAGE__BUCKET_NAME", false, (v, _) => [new("Storage:Bucket", v), S3Store]),
        new(TrackShift, "RTSP__MAX_CONCURRENT_STREAMS", false, (v, _) => ConcurrentStreamSettings(SeedValues.PositiveInteger("RTSP__MAX_CONCURRENT_STREAMS", v))),
        new(TrackShift, "RTSP__CAPTURE_TIMEOUT", false, (v, _) => [new("Rtsp:CaptureTimeout", SeedValues.Seconds("RTSP__CAPTURE_TIMEOUT", v))]),
        new(TrackShift, "RTSP__DEFAULT_FPS", false, (v, _) => [new("CaptureRequest:DefaultFps", SeedValues.PositiveNumber("RTSP__DEFAULT_FPS", v))]),
        new(TrackShift, "UPLOAD__MAX_FILE_SIZE", false, (v, _) => [new("Upload:MaxFileSize", SeedValues.PositiveInteger("UPLOAD__MAX_FILE_SIZE", v))]),
        new(TrackShift, "UPLOAD__MAX_BATCH_SIZE", false, (v, _) => [new("Upload:MaxBatchSize", SeedValues.PositiveInteger("UPLOAD__MAX_BATCH_SIZE", v))]),
        new(TrackShift, "LOG__LEVEL", false, (v, _) => [new("Logging:LogLevel:Default", SeedValues.LogLevel("LOG__LEVEL", v))]),
        new(TrackShift, "API__PORT", false, (v, _) => [new("Http:Port", SeedValues.Port("API__PORT", v))]),
        new(TrackShift, "API__SECRET_KEY", true, (v, _) => [new("Auth:JwtSecret", v)]),
        new(TrackShift, "API__ACCESS_TOKEN_EXPIRE_MINUTES", false,
            (v, _) => [new("Auth:LoginTokenLifetime", SeedValues.Minutes("API__ACCESS_TOKEN_EXPIRE_MINUTES", v))]),
        new(TrackShift, "API__CORS_ORIGINS", false, (v, _) => OriginSettings("API__CORS_ORIGINS", v), OriginGroup),

        // ThermoSense MQTT chunk service (flat variables).
        new(ThermoSense, "MQTT_BROKER_URL", true, (v, env) => SeedUrls.Mqtt("MQTT_BROKER_URL", v, env), BrokerGroup),
        new(ThermoSense, "MQTT_USER", false, (v, _) => [new("Mqtt:User", v)]),
        new(ThermoSense, "MQTT_PASSWORD", true, (v, _) => [new("Mqtt:Password", v)]),
        new(ThermoSense, "REDIS_HOST", false, (_, env) => [new("Redis:Configuration", RedisFromParts(env))]),
        new(ThermoSense, "REDIS_PORT", false, (_, env) => [new("Redis:Configuration", RedisFromParts(env))]),
        new(ThermoSense, "REDIS_DB", false, (_, env) => [new("Redis:Configuration", RedisFromParts(env))]),
        new(ThermoSense, "MINIO_ENDPOINT", false, (v, env) => [new("Storage:Endpoint", EndpointWithSecureFlag("MINIO_ENDPOINT", "MINIO_SECURE", v, env)), S3Store]),
        new(ThermoSense, "MINIO_ROOT_USER", true, (v, _) => [new("Storage:AccessKey", v)]),
        new(ThermoSense, "MINIO_ROOT_PASSWORD", true, (v, _) => [new("Storage:SecretKey", v)]),
        new(ThermoSense, "MINIO_RAW_BUCKET", false, (v, _) => [new("Storage:Bucket", v), S3Store]),
        // Its config.py reads single-underscore DB_* variables (DB_SCHEMA is not used: the tables are this project's own).
        new(ThermoSense, "DB_HOST", false, (v, _) => [new("Db:Host", v), PostgresDatabase]),
        new(ThermoSense, "DB_PORT", false, (v, _) => [new("Db:Port", SeedValues.Port("DB_PORT", v))]),
        new(ThermoSense, "DB_NAME", false, (v, _) => [new("Db:Database", v), PostgresDatabase]),
        new(ThermoSense, "DB_USER", false, (v, _) => [new("Db:Username", v)]),
        new(ThermoSense, "DB_PASSWORD", true, (v, _) => [new("Db:Password", v)]),
        new(ThermoSense, "DATABASE_URL", true, (v, _) => SeedUrls.Database("DATABASE_URL", v), DatabaseConnectionGroup),

        // Log-ingest service (presigned uploads and jobs).
        new(LogIngest, "DEBUG", false, (v, _) => SeedValues.Boolean("DEBUG", v) ? [new("Logging:LogLevel:Default", "Debug")] : []),
        new(LogIngest, "REDIS_URL", true, (v, _) => [new("Redis:Configuration", SeedUrls.Redis("REDIS_URL", v))]),
        new(LogIngest, "S3_ENDPOINT", false, (v, _) => [new("Storage:Endpoint", SeedValues.Endpoint("S3_ENDPOINT", v, secure: false)), S3Store]),
        new(LogIngest, "S3_ACCESS_KEY", true, (v, _) => [new("Storage:AccessKey", v)]),
        new(LogIngest, "S3_SECRET_KEY", true, (v, _) => [new("Storage:SecretKey", v)]),
        new(LogIngest, "S3_BUCKET", false, (v, _) => [new("Storage:Bucket", v), S3Store]),
        new(LogIngest, "S3_PRESIGNED_URL_EXPIRES", false, (v, _) => [new("Upload:UploadUrlLifetime", SeedValues.Seconds("S3_PRESIGNED_URL_EXPIRES", v))]),
        new(LogIngest, "JWT_SECRET_KEY", true, (v, _) => [new("Auth:JwtSecret", v)]),
        new(LogIngest, "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", false, (v, _) => [new("Auth:LoginTokenLifetime", SeedValues.Minutes("JWT_ACCESS_TOKEN_EXPIRE_MINUTES", v))]),
        new(LogIngest, "CORS_ORIGINS", false, (v, _) => OriginSettings("CORS_ORIGINS", v), OriginGroup),

        // Camera-ingest service (its REDIS_HOST and REDIS_PORT are ThermoSense's above).
        new(CameraIngest, "LOG_LEVEL", false, (v, _) => [new("Logging:LogLevel:Default", SeedValues.LogLevel("LOG_LEVEL", v))]),
        new(CameraIngest, "CAMERA_DB_FILE", false, (v, _) => [new("Ingest:CameraFile", v)]),
    ];

    private static readonly FrozenSet<string> _variables = All.Select(alias => alias.Variable).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether <paramref name="variable"/>, exactly as spelled, is one of the seeds' variables.</summary>
    public static bool IsSeedVariable(string variable) => _variables.Contains(variable);

    /// <summary>
    /// The log-ingest seed's <c>ENVIRONMENT</c> (development, staging, production) as the host environment name,
    /// unless <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c> says otherwise; null when unset.
    /// </summary>
    public static string? EnvironmentName(SeedEnvironment environment)
    {
        if (environment["ASPNETCORE_ENVIRONMENT"] is not null || environment["DOTNET_ENVIRONMENT"] is not null || environment["ENVIRONMENT"] is not { } value)
        {
            return null;
        }
        return value.ToLowerInvariant() switch
        {
            "development" or "dev" or "local" => "Development",
            "staging" or "stage" => "Staging",
            "production" or "prod" => "Production",
            _ => throw SeedValues.Bad("ENVIRONMENT", "development, staging or production", value),
        };
    }

    /// <summary>
    /// A seed's S3 endpoint (TrackShift's STORAGE__ENDPOINT, ThermoSense's MINIO_ENDPOINT), <c>https://</c> when its
    /// secure flag (STORAGE__SECURE, MINIO_SECURE) is true. The flag shapes this endpoint only, so it sets nothing beside
    /// the project's own endpoint (where the project's Storage__UseTls decides).
    /// </summary>
    private static string EndpointWithSecureFlag(string variable, string secureVariable, string value, SeedEnvironment environment)
    {
        bool? secure = environment[secureVariable] is { } text ? SeedValues.Boolean(secureVariable, text) : null;
        var endpoint = SeedValues.Endpoint(variable, value, secure ?? false);
        var https = endpoint.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        return secure is { } wanted && wanted != https
            ? throw new SeedValueException($"{secureVariable}={(wanted ? "true" : "false")} contradicts the {(https ? "https" : "http")}:// scheme of {variable}; drop one of them.")
            : endpoint;
    }

    /// <summary>ThermoSense's REDIS_HOST (default localhost), REDIS_PORT (default 6379) and REDIS_DB together.</summary>
    private static string RedisFromParts(SeedEnvironment environment)
    {
        var host = environment["REDIS_HOST"] ?? "localhost";
        var port = environment["REDIS_PORT"] is { } p ? SeedValues.Port("REDIS_PORT", p) : "6379";
        var configuration = $"{host}:{port}";
        if (environment["REDIS_DB"] is { } db)
        {
            configuration += $",defaultDatabase={(int.TryParse(db, out var number) && number >= 0 ? number : throw SeedValues.Bad("REDIS_DB", "a database number (0-15)", db))}";
        }
        return configuration;
    }

    /// <summary>TrackShift's one limit bounded its capture requests; here it bounds continuous captures too.</summary>
    private static IReadOnlyList<KeyValuePair<string, string>> ConcurrentStreamSettings(string limit) =>
        [new("Rtsp:MaxConcurrentStreams", limit), new("Rtsp:MaxConcurrentCaptures", limit)];

    private static IReadOnlyList<KeyValuePair<string, string>> OriginSettings(string variable, string value) =>
        [.. SeedValues.Origins(variable, value).Select((origin, i) => new KeyValuePair<string, string>($"Cors:AllowedOrigins:{i}", origin))];
}
