using IngestionCluster.ServiceDefaults.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Npgsql;

namespace IngestionCluster.Tests.Configuration;

/// <summary>Every seed service's variable, resolved to the project's settings.</summary>
public sealed class SeedSettingsTests
{
    public static TheoryData<string, string, string, string> EveryAlias => new()
    {
        // TrackShift
        { "DB__HOST", "db.internal", "Db:Host", "db.internal" },
        { "DB__PORT", "6543", "Db:Port", "6543" },
        { "DB__NAME", "trackshift", "Db:Database", "trackshift" },
        { "DB__USER", "ts", "Db:Username", "ts" },
        { "DB__PASSWORD", "s3cret;pw", "Db:Password", "s3cret;pw" },
        { "STORAGE__ENDPOINT", "minio:9000", "Storage:Endpoint", "http://minio:9000" },
        { "STORAGE__ACCESS_KEY", "AKIA1", "Storage:AccessKey", "AKIA1" },
        { "STORAGE__SECRET_KEY", "storage-secret", "Storage:SecretKey", "storage-secret" },
        { "STORAGE__BUCKET_NAME", "frames", "Storage:Bucket", "frames" },
        { "RTSP__MAX_CONCURRENT_STREAMS", "12", "Rtsp:MaxConcurrentStreams", "12" },
        { "RTSP__MAX_CONCURRENT_STREAMS", "12", "Rtsp:MaxConcurrentCaptures", "12" },
        { "RTSP__CAPTURE_TIMEOUT", "45", "Rtsp:CaptureTimeout", "00:00:45" },
        { "RTSP__DEFAULT_FPS", "2.5", "CaptureRequest:DefaultFps", "2.5" },
        { "UPLOAD__MAX_FILE_SIZE", "1048576", "Upload:MaxFileSize", "1048576" },
        { "UPLOAD__MAX_BATCH_SIZE", "4", "Upload:MaxBatchSize", "4" },
        { "LOG__LEVEL", "WARNING", "Logging:LogLevel:Default", "Warning" },
        { "API__PORT", "8000", "Http:Port", "8000" },
        { "API__SECRET_KEY", "a-very-long-api-secret-key-of-more-than-32-bytes", "Auth:JwtSecret", "a-very-long-api-secret-key-of-more-than-32-bytes" },
        { "API__ACCESS_TOKEN_EXPIRE_MINUTES", "60", "Auth:LoginTokenLifetime", "01:00:00" },
        { "API__CORS_ORIGINS", """["https://a.example","https://b.example"]""", "Cors:AllowedOrigins:1", "https://b.example" },
        // ThermoSense
        { "MQTT_BROKER_URL", "tcp://broker:1883", "Mqtt:BrokerUrl", "mqtt://broker:1883" },
        { "MQTT_USER", "thermo", "Mqtt:User", "thermo" },
        { "MQTT_PASSWORD", "mqtt-secret", "Mqtt:Password", "mqtt-secret" },
        { "REDIS_HOST", "cache", "Redis:Configuration", "cache:6379" },
        { "REDIS_PORT", "6380", "Redis:Configuration", "localhost:6380" },
        { "REDIS_DB", "2", "Redis:Configuration", "localhost:6379,defaultDatabase=2" },
        { "MINIO_ENDPOINT", "minio:9000", "Storage:Endpoint", "http://minio:9000" },
        { "MINIO_ROOT_USER", "minio", "Storage:AccessKey", "minio" },
        { "MINIO_ROOT_PASSWORD", "minio-secret", "Storage:SecretKey", "minio-secret" },
        { "MINIO_RAW_BUCKET", "raw", "Storage:Bucket", "raw" },
        { "DB_HOST", "pg", "Db:Host", "pg" },
        { "DB_HOST", "pg", "Db:Provider", "postgres" },
        { "DB_PORT", "5433", "Db:Port", "5433" },
        { "DB_NAME", "thermosense_db", "Db:Database", "thermosense_db" },
        { "DB_USER", "thermo", "Db:Username", "thermo" },
        { "DB_PASSWORD", "db-secret", "Db:Password", "db-secret" },
        { "DATABASE_URL", "postgresql://thermo:p%40ss@pg:5433/thermo", "Db:Provider", "postgres" },
        // Log-ingest
        { "DEBUG", "true", "Logging:LogLevel:Default", "Debug" },
        { "REDIS_URL", "redis://:pw@cache:6380/1", "Redis:Configuration", "cache:6380,password=pw,defaultDatabase=1" },
        { "S3_ENDPOINT", "http://s3.internal:9000", "Storage:Endpoint", "http://s3.internal:9000" },
        { "S3_ACCESS_KEY", "key", "Storage:AccessKey", "key" },
        { "S3_SECRET_KEY", "s3-secret", "Storage:SecretKey", "s3-secret" },
        { "S3_BUCKET", "logs", "Storage:Bucket", "logs" },
        { "S3_PRESIGNED_URL_EXPIRES", "1800", "Upload:UploadUrlLifetime", "00:30:00" },
        { "JWT_ACCESS_TOKEN_EXPIRE_MINUTES", "45", "Auth:LoginTokenLifetime", "00:45:00" },
        { "JWT_SECRET_KEY", "another-very-long-jwt-secret-of-more-than-32-bytes", "Auth:JwtSecret", "another-very-long-jwt-secret-of-more-than-32-bytes" },
        { "CORS_ORIGINS", """["http://localhost:3000"]""", "Cors:AllowedOrigins:0", "http://localhost:3000" },
        // Camera-ingest
        { "LOG_LEVEL", "warning", "Logging:LogLevel:Default", "Warning" },
        { "CAMERA_DB_FILE", "/etc/camera-ingest/cameras.json", "Ingest:CameraFile", "/etc/camera-ingest/cameras.json" },
    };

    [Fact]
    public void ThermoSense_s_minio_secure_makes_its_endpoint_https_and_its_db_variables_win_over_a_database_url()
    {
        Assert.Equal("https://minio:9000", SeedSettings.Resolve(Environment(("MINIO_ENDPOINT", "minio:9000"), ("MINIO_SECURE", "true"))).Values["Storage:Endpoint"]);
        Assert.Equal("http://minio:9000", SeedSettings.Resolve(Environment(("MINIO_ENDPOINT", "minio:9000"), ("MINIO_SECURE", "false"))).Values["Storage:Endpoint"]);
        var contradiction = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("MINIO_ENDPOINT", "http://minio:9000"), ("MINIO_SECURE", "yes"))));
        Assert.Equal("MINIO_SECURE=true contradicts the http:// scheme of MINIO_ENDPOINT; drop one of them.", Assert.Single(contradiction.Failures));

        // Its config.py reads DB_*; a DATABASE_URL beside them (its README's example) names the same database another way.
        var values = SeedSettings.Resolve(Environment(("DB_HOST", "pg"), ("DB_NAME", "thermosense_db"), ("DATABASE_URL", "postgresql://u:p@elsewhere/db"))).Values;
        Assert.Equal("pg", values["Db:Host"]);
        Assert.False(values.ContainsKey("Db:ConnectionString"));
    }

    [Theory]
    [MemberData(nameof(EveryAlias))]
    public void A_seed_variable_sets_the_projects_setting(string variable, string value, string key, string expected)
    {
        var settings = SeedSettings.Resolve(Environment((variable, value)));

        Assert.Equal(expected, settings.Values[key]);
        var use = Assert.Single(settings.Used);
        Assert.Equal(variable, use.Variable);
        Assert.Contains(key, use.Settings);
    }

    [Fact]
    public void Every_alias_of_the_table_is_tested()
    {
        var tested = EveryAlias.Select(row => (string)row[0]).ToHashSet();
        Assert.All(SeedAliases.All, alias => Assert.Contains(alias.Variable, tested));
    }

    [Fact]
    public void A_database_url_becomes_a_connection_string_with_its_parts_and_sqlite_urls_a_path()
    {
        var postgres = SeedSettings.Resolve(Environment(("DATABASE_URL", "postgresql+asyncpg://logs:p%40ss@pg.internal:5433/logs")));
        var connection = new NpgsqlConnectionStringBuilder(postgres.Values["Db:ConnectionString"]);
        Assert.Equal(("pg.internal", 5433, "logs", "logs", "p@ss"), (connection.Host, connection.Port, connection.Database, connection.Username, connection.Password));

        var sqlite = SeedSettings.Resolve(Environment(("DATABASE_URL", "sqlite:///./data/logs.db")));
        Assert.Equal("sqlite", sqlite.Values["Db:Provider"]);
        Assert.Equal("./data/logs.db", sqlite.Values["Db:SqlitePath"]);
    }

    [Fact]
    public void A_sqlite_urls_python_driver_options_are_dropped_and_others_refused()
    {
        var sqlite = SeedSettings.Resolve(Environment(("DATABASE_URL", "sqlite:///./app.db?check_same_thread=False&timeout=20")));
        Assert.Equal("./app.db", sqlite.Values["Db:SqlitePath"]);

        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("DATABASE_URL", "sqlite:///./app.db?mode=ro&uri=true"))));
        Assert.Equal("DATABASE_URL must be a sqlite:///path URL with no query parameters but check_same_thread and timeout; 'mode' is not one (its value is not shown).",
            Assert.Single(error.Failures));
    }

    [Theory]
    [InlineData("postgresql://logs:pw@pg/logs?sslmode=verify-full&sslrootcert=/etc/ssl/pg-ca.pem&connect_timeout=7&application_name=logs-api", "VerifyFull", 7, "logs-api")]
    [InlineData("postgresql+asyncpg://logs:pw@pg/logs?ssl=require", "Require", 15, "")]
    [InlineData("postgres://logs:pw@pg/logs?sslmode=disable", "Disable", 15, "")]
    public void A_database_urls_query_parameters_carry_over_to_the_connection_string(string url, string sslMode, int timeout, string applicationName)
    {
        var settings = SeedSettings.Resolve(Environment(("DATABASE_URL", url)));
        var connection = new NpgsqlConnectionStringBuilder(settings.Values["Db:ConnectionString"]);

        Assert.Equal(Enum.Parse<SslMode>(sslMode), connection.SslMode);
        Assert.Equal(timeout, connection.Timeout);
        Assert.Equal(applicationName, connection.ApplicationName ?? string.Empty);
        Assert.Equal(url.Contains("sslrootcert", StringComparison.Ordinal) ? "/etc/ssl/pg-ca.pem" : null, connection.RootCertificate);
        Assert.Equal("pw", connection.Password);
    }

    [Fact]
    public void A_database_urls_channel_binding_and_gss_encryption_carry_over_as_neon_gives_them()
    {
        var settings = SeedSettings.Resolve(Environment(("DATABASE_URL", "postgresql://neondb_owner:pw@ep-x.eu-central-1.aws.neon.tech/neondb?sslmode=require&channel_binding=require&gssencmode=disable")));
        var connection = new NpgsqlConnectionStringBuilder(settings.Values["Db:ConnectionString"]);

        Assert.Equal((SslMode.Require, ChannelBinding.Require, GssEncryptionMode.Disable), (connection.SslMode, connection.ChannelBinding, connection.GssEncryptionMode));
    }

    [Theory]
    [InlineData("postgresql://logs:hunter2@pg/logs?channel_binding=always", "channel_binding is disable, prefer or require")]
    [InlineData("postgresql://logs:hunter2@pg/logs?sslmode=sometimes", "sslmode is disable, allow, prefer, require, verify-ca or verify-full")]
    [InlineData("postgresql://logs:hunter2@pg/logs?connect_timeout=soon", "connect_timeout is a whole number of seconds from 0 (no limit) to 1024")]
    [InlineData("postgresql://logs:hunter2@pg/logs?connect_timeout=3600", "connect_timeout is a whole number of seconds from 0 (no limit) to 1024")]
    [InlineData("postgresql://logs:hunter2@pg/logs?pool_recycle=3600", "'pool_recycle' is not one")]
    public void A_database_url_query_parameter_that_cannot_carry_over_is_refused_without_the_secret(string url, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("DATABASE_URL", url))));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("DATABASE_URL must be a URL", failure, StringComparison.Ordinal);
        Assert.Contains(message, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Storage_secure_makes_a_host_port_endpoint_https()
    {
        var settings = SeedSettings.Resolve(Environment(("STORAGE__ENDPOINT", "minio:9000"), ("STORAGE__SECURE", "true")));
        Assert.Equal("https://minio:9000", settings.Values["Storage:Endpoint"]);
    }

    [Fact]
    public void Storage_secure_shapes_only_the_seeds_own_endpoint()
    {
        var beside = SeedSettings.Resolve(Environment(("Storage__Endpoint", "https://s3.example"), ("STORAGE__ENDPOINT", "minio:9000"), ("STORAGE__SECURE", "false")));
        Assert.False(beside.Values.ContainsKey("Storage:UseTls"), "Storage__UseTls=false would contradict the project's https:// endpoint");
        Assert.Equal("https://s3.example", beside.Values["Storage:Endpoint"]);

        Assert.Empty(SeedSettings.Resolve(Environment(("STORAGE__SECURE", "true"))).Values);

        var notBoolean = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("STORAGE__ENDPOINT", "minio:9000"), ("STORAGE__SECURE", "maybe"))));
        Assert.StartsWith("STORAGE__SECURE must be true or false", Assert.Single(notBoolean.Failures), StringComparison.Ordinal);
        var contradiction = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("STORAGE__ENDPOINT", "http://minio:9000"), ("STORAGE__SECURE", "true"))));
        Assert.Equal("STORAGE__SECURE=true contradicts the http:// scheme of STORAGE__ENDPOINT; drop one of them.", Assert.Single(contradiction.Failures));
    }

    [Fact]
    public void The_projects_own_name_wins_and_the_earlier_seed_wins_over_a_later_one()
    {
        var settings = SeedSettings.Resolve(Environment(
            ("Storage__Endpoint", "http://own:9000"), ("STORAGE__ENDPOINT", "minio:9000"),
            ("MINIO_ROOT_PASSWORD", "thermo"), ("S3_SECRET_KEY", "logs")));

        Assert.Equal("http://own:9000", settings.Values["Storage:Endpoint"]);
        Assert.Equal("thermo", settings.Values["Storage:SecretKey"]);
        Assert.Empty(settings.Used.Single(u => u.Variable == "S3_SECRET_KEY").Settings);
        // The seed's endpoint is overridden; the store it implies (S3) is still what the seed's .env asks for.
        Assert.Equal(["Storage:Provider"], settings.Used.Single(u => u.Variable == "STORAGE__ENDPOINT").Settings);
        Assert.Contains("overridden", settings.Used.Single(u => u.Variable == "S3_SECRET_KEY").ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_database_url_gives_way_whole_to_the_projects_own_database_settings_or_an_earlier_seeds()
    {
        var beside = SeedSettings.Resolve(Environment(("DATABASE_URL", "postgresql://u:p@oldpg/seed"), ("Db__Host", "newpg"), ("Db__Password", "pw")));
        Assert.False(beside.Values.ContainsKey("Db:ConnectionString"), "the seed's connection string would override the project's host");
        Assert.Contains("overridden", beside.Used.Single(u => u.Variable == "DATABASE_URL").ToString(), StringComparison.Ordinal);

        var sqliteBeside = SeedSettings.Resolve(Environment(("DATABASE_URL", "sqlite:///./logs.db"), ("Db__ConnectionString", "Host=pg;Database=ingest")));
        Assert.False(sqliteBeside.Values.ContainsKey("Db:Provider"), "the project's PostgreSQL connection string is not turned into a SQLite file");

        var afterTrackShift = SeedSettings.Resolve(Environment(("DB__HOST", "trackshift-db"), ("DATABASE_URL", "postgresql://u:p@thermo-db/seed")));
        Assert.Equal("trackshift-db", afterTrackShift.Values["Db:Host"]);
        Assert.False(afterTrackShift.Values.ContainsKey("Db:ConnectionString"));
    }

    [Fact]
    public void The_projects_own_name_wins_in_any_case_as_dotnet_reads_it()
    {
        var settings = SeedSettings.Resolve(Environment(
            ("REDIS__CONFIGURATION", "new:6379"), ("REDIS_HOST", "old"),
            ("AUTH__JWTSECRET", "the-projects-own-secret-of-more-than-32-bytes"), ("JWT_SECRET_KEY", "the-seeds-old-secret-of-more-than-32-bytes"),
            ("STORAGE__ENDPOINT", "minio:9000")));

        Assert.Equal("new:6379", settings.Values["Redis:Configuration"]);
        Assert.Equal("the-projects-own-secret-of-more-than-32-bytes", settings.Values["Auth:JwtSecret"]);
        // A seed variable that is spelled like the project's name is still the seed's, converted (host:port → URL).
        Assert.Equal("http://minio:9000", settings.Values["Storage:Endpoint"]);
    }

    [Fact]
    public void A_seed_variable_spelled_like_a_project_name_is_still_a_seed_variable_beside_another_seeds()
    {
        // TrackShift's STORAGE__ENDPOINT reads like the project's Storage__Endpoint, but it is a seed's host:port.
        var settings = SeedSettings.Resolve(Environment(("STORAGE__ENDPOINT", "minio:9000"), ("MINIO_ENDPOINT", "minio:9000")));

        Assert.Equal("http://minio:9000", settings.Values["Storage:Endpoint"]);
    }

    [Fact]
    public void A_list_of_origins_comes_whole_from_one_place()
    {
        var beside = SeedSettings.Resolve(Environment(("Cors__AllowedOrigins__0", "https://console"), ("API__CORS_ORIGINS", """["http://localhost:3000","*"]""")));
        Assert.DoesNotContain(beside.Values.Keys, key => key.StartsWith("Cors:", StringComparison.Ordinal));

        var twoSeeds = SeedSettings.Resolve(Environment(("API__CORS_ORIGINS", """["https://a.example"]"""), ("CORS_ORIGINS", """["https://x.example","https://y.example","https://z.example"]""")));
        Assert.Equal("https://a.example", twoSeeds.Values["Cors:AllowedOrigins:0"]);
        Assert.DoesNotContain("Cors:AllowedOrigins:1", twoSeeds.Values.Keys);
    }

    [Fact]
    public void A_list_or_connection_url_gives_way_whole_to_the_projects_own_setting_on_the_command_line()
    {
        var configuration = new ConfigurationManager();
        configuration.AddEnvironmentVariables("NO_SUCH_PREFIX_");
        configuration.AddCommandLine(["--Cors:AllowedOrigins:0=https://console", "--Db:Host=newpg"]);

        configuration.AddSeedSettings(Environment(
            ("CORS_ORIGINS", """["https://a.example","https://b.example"]"""), ("DATABASE_URL", "postgresql://u:p@oldpg/seed")));

        Assert.Equal("https://console", configuration["Cors:AllowedOrigins:0"]);
        Assert.Null(configuration["Cors:AllowedOrigins:1"]);
        Assert.Null(configuration["Db:ConnectionString"]);
        Assert.Equal("newpg", configuration["Db:Host"]);
    }

    [Fact]
    public void Credentials_in_the_mqtt_broker_url_become_the_user_and_password_unless_the_seed_names_them()
    {
        var settings = SeedSettings.Resolve(Environment(("MQTT_BROKER_URL", "mqtt://thermo:p%40ss@broker:1883")));
        Assert.Equal("mqtt://broker:1883", settings.Values["Mqtt:BrokerUrl"]);
        Assert.Equal("thermo", settings.Values["Mqtt:User"]);
        Assert.Equal("p@ss", settings.Values["Mqtt:Password"]);

        var named = SeedSettings.Resolve(Environment(("MQTT_BROKER_URL", "ssl://old:old@broker:8883"), ("MQTT_USER", "thermo"), ("MQTT_PASSWORD", "secret")));
        Assert.Equal("mqtts://broker:8883", named.Values["Mqtt:BrokerUrl"]);
        Assert.Equal("thermo", named.Values["Mqtt:User"]);
        Assert.Equal("secret", named.Values["Mqtt:Password"]);

        // A user and a password go together: the URL's password is not paired with another user.
        var userOnly = SeedSettings.Resolve(Environment(("MQTT_BROKER_URL", "mqtt://old:old-secret@broker"), ("MQTT_USER", "thermo")));
        Assert.Equal("thermo", userOnly.Values["Mqtt:User"]);
        Assert.False(userOnly.Values.ContainsKey("Mqtt:Password"));
    }

    [Fact]
    public void An_mqtt_broker_url_gives_way_whole_to_the_projects_own_broker_and_its_credentials_to_the_projects_own()
    {
        var beside = SeedSettings.Resolve(Environment(("MQTT_BROKER_URL", "mqtt://old:oldpw@old-broker:1883"), ("Mqtt__BrokerUrl", "mqtt://new-broker:1883")));
        Assert.DoesNotContain(beside.Values.Keys, key => key.StartsWith("Mqtt:", StringComparison.Ordinal));
        Assert.Contains("overridden", beside.Used.Single(u => u.Variable == "MQTT_BROKER_URL").ToString(), StringComparison.Ordinal);

        var ownUser = SeedSettings.Resolve(Environment(("MQTT_BROKER_URL", "mqtt://old:oldpw@broker:1883"), ("Mqtt__User", "new")));
        Assert.Equal("mqtt://broker:1883", ownUser.Values["Mqtt:BrokerUrl"]);
        Assert.False(ownUser.Values.ContainsKey("Mqtt:Password"), "the URL's password is not paired with the project's user");
    }

    [Fact]
    public void A_redis_url_takes_its_database_from_the_query_and_refuses_a_password_with_a_comma_without_showing_it()
    {
        Assert.Equal("cache:6379,password=pw,defaultDatabase=3", SeedSettings.Resolve(Environment(("REDIS_URL", "redis://:pw@cache:6379?db=3"))).Values["Redis:Configuration"]);

        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("REDIS_URL", "redis://:hunter2,x=y@cache:6379/0"))));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("REDIS_URL must be a URL whose user and password have no ','", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("rediss://:hunter2@cache:6380/0?ssl_cert_reqs=none", "REDIS_URL must be a URL whose ssl_cert_reqs is required, as the server's certificate is always verified here (for another TLS setup set Redis__Configuration)")]
    [InlineData("redis://:hunter2@cache:6379/0?socket_timeout=5", "REDIS_URL must be a URL with no query parameters but db and ssl_cert_reqs=required (for other options set Redis__Configuration); 'socket_timeout' is not one")]
    [InlineData("redis://:hunter2@cache:6379/cache", "REDIS_URL must be a URL whose database (its path, or ?db=) is a number, such as redis://host:6379/0")]
    [InlineData("redis://:hunter2@cache:6379?db=two", "REDIS_URL must be a URL whose database (its path, or ?db=) is a number, such as redis://host:6379/0")]
    public void A_redis_url_query_parameter_that_cannot_carry_over_is_refused_without_the_secret(string url, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment(("REDIS_URL", url))));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(message, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_redis_url_that_asks_for_a_verified_certificate_is_taken()
    {
        Assert.Equal("cache:6380,password=pw,defaultDatabase=0,ssl=true",
            SeedSettings.Resolve(Environment(("REDIS_URL", "rediss://:pw@cache:6380/0?ssl_cert_reqs=required"))).Values["Redis:Configuration"]);
    }

    [Theory]
    [InlineData("DATABASE_URL", "postgresql://logs:hunter2@pg/logs?target_session_attrs=read_write")]
    [InlineData("RTSP__CAPTURE_TIMEOUT", "1e15")]
    public void A_value_a_library_refuses_is_a_settings_error_naming_the_variable(string variable, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment((variable, value))));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(variable, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_connect_timeout_of_0_means_no_limit_as_in_libpq()
    {
        var connection = new NpgsqlConnectionStringBuilder(SeedSettings.Resolve(Environment(("DATABASE_URL", "postgresql://u:p@pg/db?connect_timeout=0"))).Values["Db:ConnectionString"]);
        Assert.Equal(0, connection.Timeout);
    }

    [Theory]
    [InlineData("DB__PORT", "abc", "DB__PORT must be a port number")]
    [InlineData("RTSP__CAPTURE_TIMEOUT", "-3", "RTSP__CAPTURE_TIMEOUT must be a positive number")]
    [InlineData("UPLOAD__MAX_FILE_SIZE", "10MB", "UPLOAD__MAX_FILE_SIZE must be a positive whole number")]
    [InlineData("LOG__LEVEL", "LOUD", "LOG__LEVEL must be DEBUG, INFO")]
    [InlineData("MQTT_BROKER_URL", "http://broker", "MQTT_BROKER_URL must be an mqtt://")]
    [InlineData("REDIS_DB", "x", "REDIS_DB must be a database number")]
    [InlineData("CORS_ORIGINS", "[not json", "CORS_ORIGINS must be a JSON list")]
    public void A_bad_value_is_a_settings_error_naming_the_variable(string variable, string value, string message)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment((variable, value))));
        Assert.StartsWith(message, Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DATABASE_URL", "mysql://root:hunter2@db/x")]
    [InlineData("REDIS_URL", "http://:hunter2@cache")]
    [InlineData("MQTT_BROKER_URL", "ws://thermo:hunter2@127.0.0.1:9001")]
    [InlineData("MQTT_BROKER_URL", "tcp://thermo:hunter2@127.0.0.1:notaport")]
    public void A_bad_secret_value_is_reported_without_the_secret(string variable, string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() => SeedSettings.Resolve(Environment((variable, value))));
        var failure = Assert.Single(error.Failures);
        Assert.StartsWith(variable, failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("production", "Production")]
    [InlineData("staging", "Staging")]
    [InlineData("development", "Development")]
    public void Environment_sets_the_host_environment_unless_aspnetcore_environment_does(string value, string expected)
    {
        Assert.Equal(expected, SeedAliases.EnvironmentName(Environment(("ENVIRONMENT", value))));
        Assert.Null(SeedAliases.EnvironmentName(Environment(("ENVIRONMENT", value), ("ASPNETCORE_ENVIRONMENT", "Development"))));
        Assert.Throws<SeedValueException>(() => SeedAliases.EnvironmentName(Environment(("ENVIRONMENT", "qa"))));
    }

    [Theory]
    [InlineData("STORAGE__ENDPOINT", "minio:9000", "Storage:Provider", "s3")]
    [InlineData("STORAGE__BUCKET_NAME", "frames", "Storage:Provider", "s3")]
    [InlineData("MINIO_ENDPOINT", "minio:9000", "Storage:Provider", "s3")]
    [InlineData("MINIO_RAW_BUCKET", "raw", "Storage:Provider", "s3")]
    [InlineData("S3_ENDPOINT", "http://s3.internal:9000", "Storage:Provider", "s3")]
    [InlineData("S3_BUCKET", "logs", "Storage:Provider", "s3")]
    [InlineData("DB__HOST", "db.internal", "Db:Provider", "postgres")]
    [InlineData("DB__NAME", "trackshift", "Db:Provider", "postgres")]
    public void A_seed_database_or_bucket_variable_selects_the_seeds_store(string variable, string value, string key, string expected)
    {
        Assert.Equal(expected, SeedSettings.Resolve(Environment((variable, value))).Values[key]);
    }

    [Fact]
    public void The_projects_own_provider_setting_wins_over_the_store_a_seed_variable_selects()
    {
        var settings = SeedSettings.Resolve(Environment(("MINIO_ENDPOINT", "minio:9000"), ("Storage__Provider", "local"), ("DB__HOST", "db"), ("Db__Provider", "sqlite")));

        Assert.Equal("local", settings.Values["Storage:Provider"]);
        Assert.Equal("sqlite", settings.Values["Db:Provider"]);
    }

    private static SeedEnvironment Environment(params (string Name, string Value)[] variables) =>
        new(variables.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));
}
