using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using IngestionCluster.Tests.Fixtures;
using IngestionCluster.Tests.Gateway.Support;
using IngestionCluster.Tests.Grains;
using IngestionCluster.Tests.Processes;

namespace IngestionCluster.Tests.Configuration;

/// <summary>The seed services' own .env files configure the real executables unchanged.</summary>
[Collection(HeavyTestsCollection.Name)]
public sealed class SeedEnvironmentProcessTests
{
    [Fact]
    public async Task A_thermosense_env_runs_a_cluster_that_stores_an_mqtt_image_and_logs_no_secret()
    {
        var mosquitto = await TestServers.Mosquitto;
        var redis = await TestServers.Redis;
        var s3 = await TestServers.S3;
        var database = await (await TestServers.Postgres).CreateDatabaseAsync("thermo");
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(database);
        var bucket = await s3.CreateBucketAsync("thermo");
        var endpoint = new Uri(s3.Endpoint);
        var clusterId = $"thermo-{Guid.NewGuid().ToString("N")[..8]}";
        // The seed's variables, plus only what is new in this project (cluster mode and its ids).
        var env = new Dictionary<string, string>
        {
            ["Cluster__Mode"] = "cluster",
            ["Cluster__ClusterId"] = clusterId,
            ["Cluster__AdvertisedAddress"] = "127.0.0.1",
            ["Redis__KeyPrefix"] = clusterId + ":",
            ["REDIS_HOST"] = redis.Host,
            ["REDIS_PORT"] = redis.Port.ToString(CultureInfo.InvariantCulture),
            ["MINIO_ENDPOINT"] = $"{endpoint.Host}:{endpoint.Port}",
            ["MINIO_ROOT_USER"] = s3.AccessKey,
            ["MINIO_ROOT_PASSWORD"] = s3.SecretKey,
            ["MINIO_RAW_BUCKET"] = bucket,
            // libpq's query parameters, as psycopg and SQLAlchemy URLs carry them.
            ["DATABASE_URL"] = $"postgresql://{connection.Username}@{connection.Host}:{connection.Port}/{connection.Database}?sslmode=disable&application_name={clusterId}",
        };
        await using var silo = await ProductProcess.StartSiloAsync("thermo-silo", env);
        await using var gateway = await ProductProcess.StartGatewayAsync("thermo-gateway", new Dictionary<string, string>(env)
        {
            ["MQTT_BROKER_URL"] = $"tcp://{mosquitto.Host}:{mosquitto.Port}",
            ["MQTT_USER"] = mosquitto.User,
            ["MQTT_PASSWORD"] = mosquitto.Password,
            ["Mqtt__ClientId"] = clusterId,
            ["Auth__Enabled"] = "false",
        });
        var cameraId = $"thermo-{Guid.NewGuid().ToString("N")[..6]}";
        var image = SharedJpegs.Samples.TestCard;

        // The seed's own topic and payload.
        await MosquittoPublisher.PublishAsync(mosquitto, $"camera/{cameraId}/image_json", Chunks.Split(image, 15, cameraId));

        using var http = new HttpClient { BaseAddress = gateway.BaseAddress };
        await Eventually.TrueAsync(async () => (await http.GetStringAsync($"api/v1/images?camera_id={cameraId}")).Contains(CaptureSessionTests.Sha256(image), StringComparison.Ordinal),
            TimeSpan.FromSeconds(60), "the image is listed");
        using var s3Client = s3.CreateClient();
        var objects = await s3Client.ListObjectsV2Async(new Amazon.S3.Model.ListObjectsV2Request { BucketName = bucket, Prefix = $"images/{cameraId}/" });
        Assert.Single(objects.S3Objects);
        await using (var admin = new Npgsql.NpgsqlConnection(database))
        {
            await admin.OpenAsync();
            await using var sessions = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = @db AND application_name = @app", admin);
            sessions.Parameters.AddWithValue("db", connection.Database!);
            sessions.Parameters.AddWithValue("app", clusterId);
            Assert.True((long)(await sessions.ExecuteScalarAsync())! > 0, "the silo connects under the URL's application_name");
        }
        foreach (var process in new[] { silo, gateway })
        {
            var log = process.Log();
            Assert.Contains("Configured by the seed services' variables", log, StringComparison.Ordinal);
            Assert.Contains("MINIO_ROOT_PASSWORD", log, StringComparison.Ordinal);
            Assert.DoesNotContain(mosquitto.Password, log, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_trackshift_env_sets_the_upload_limit_the_api_secret_and_the_log_level_of_a_standalone_silo()
    {
        const string secret = "trackshift-api-secret-key-that-is-long-enough-for-hs256";
        await using var silo = await ProductProcess.StartAsync("Silo", "trackshift", new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["UPLOAD__MAX_FILE_SIZE"] = "4096",
            ["API__SECRET_KEY"] = secret,
            ["LOG__LEVEL"] = "WARNING",
            ["Logging__LogLevel__Default"] = string.Empty,
        });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };

        using var seedToken = new HttpRequestMessage(HttpMethod.Get, "api/cameras");
        seedToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token("viewer", secret: secret));
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(seedToken)).StatusCode);
        using var otherToken = new HttpRequestMessage(HttpMethod.Get, "api/cameras");
        otherToken.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token("viewer"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.SendAsync(otherToken)).StatusCode);
        // A token minted by the token command under the same .env is one this silo accepts.
        var (minted, commandToken, commandOutput) = await TokenCommandRun.RunAsync(new Dictionary<string, string> { ["API__SECRET_KEY"] = secret }, "--role", "viewer");
        Assert.True(minted == 0, commandOutput);
        using var commandTokenRequest = new HttpRequestMessage(HttpMethod.Get, "api/cameras");
        commandTokenRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", commandToken);
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(commandTokenRequest)).StatusCode);

        Assert.True(SharedJpegs.Samples.TestCard.Length > 4096);
        using var upload = new HttpRequestMessage(HttpMethod.Post, "api/v1/ingest/upload")
        {
            Content = Multipart.Form(Multipart.Text("camera_id", "ts-cam"), Multipart.File("files", SharedJpegs.Samples.TestCard, "big.jpg", "image/jpeg")),
        };
        upload.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token("ingest", secret: secret));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.SendAsync(upload)).StatusCode);

        // WARNING: the seed-settings line itself is Information, so it is not there either; warnings are.
        Assert.DoesNotContain(" info: ", silo.Log(), StringComparison.Ordinal);
        Assert.DoesNotContain(secret, silo.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trackshift_env_keeps_a_standalone_silos_images_in_the_seeds_postgres_and_bucket()
    {
        const string secret = "trackshift-api-secret-key-that-is-long-enough-for-hs256";
        var s3 = await TestServers.S3;
        var bucket = await s3.CreateBucketAsync("trackshift");
        var endpoint = new Uri(s3.Endpoint);
        var database = new Npgsql.NpgsqlConnectionStringBuilder(await (await TestServers.Postgres).CreateDatabaseAsync("trackshift"));
        // Only the seed's own variables choose the stores: no Db__Provider, no Storage__Provider.
        await using var silo = await ProductProcess.StartAsync("Silo", "trackshift-stores", new Dictionary<string, string>
        {
            ["Cluster__SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
            ["API__SECRET_KEY"] = secret,
            ["DB__HOST"] = database.Host!,
            ["DB__PORT"] = database.Port.ToString(CultureInfo.InvariantCulture),
            ["DB__NAME"] = database.Database!,
            ["DB__USER"] = database.Username!,
            ["DB__PASSWORD"] = database.Password ?? string.Empty,
            ["STORAGE__ENDPOINT"] = $"{endpoint.Host}:{endpoint.Port}",
            ["STORAGE__ACCESS_KEY"] = s3.AccessKey,
            ["STORAGE__SECRET_KEY"] = s3.SecretKey,
            ["STORAGE__BUCKET_NAME"] = bucket,
            ["STORAGE__SECURE"] = "false",
        });
        using var http = new HttpClient { BaseAddress = silo.BaseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TestAuth.Token("ingest", secret: secret));
        var cameraId = $"ts-{Guid.NewGuid().ToString("N")[..6]}";

        using var upload = await http.PostAsync("api/v1/ingest/upload",
            Multipart.Form(Multipart.Text("camera_id", cameraId), Multipart.File("files", SharedJpegs.Samples.TestCard, "card.jpg", "image/jpeg")));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        await using var connection = new Npgsql.NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await Eventually.TrueAsync(async () =>
        {
            await using var rows = new Npgsql.NpgsqlCommand("SELECT count(*) FROM images WHERE camera_id = @camera", connection);
            rows.Parameters.AddWithValue("camera", cameraId);
            return (long)(await rows.ExecuteScalarAsync())! == 1;
        }, TimeSpan.FromSeconds(60), "the image's row is in the seed's PostgreSQL database");
        await using var stored = new Npgsql.NpgsqlCommand("SELECT bucket, object_key FROM images WHERE camera_id = @camera", connection);
        stored.Parameters.AddWithValue("camera", cameraId);
        await using var row = await stored.ExecuteReaderAsync();
        Assert.True(await row.ReadAsync());
        Assert.Equal(bucket, row.GetString(0));
        using var s3Client = s3.CreateClient();
        var blob = await s3Client.GetObjectMetadataAsync(bucket, row.GetString(1));
        Assert.Equal(SharedJpegs.Samples.TestCard.Length, blob.ContentLength);
    }

    [Theory]
    [InlineData("DB__PORT", "not-a-port", "Configuration error: DB__PORT must be a port number")]
    [InlineData("DATABASE_URL", "mysql://root:hunter2@db/x", "Configuration error: DATABASE_URL must be a URL such as postgresql://")]
    [InlineData("ENVIRONMENT", "qa", "Configuration error: ENVIRONMENT must be development, staging or production")]
    [InlineData("DATABASE_URL", "postgresql://u:hunter2@db/x?target_session_attrs=read_write", "Configuration error: DATABASE_URL holds a value that cannot be used")]
    public async Task A_bad_seed_value_stops_the_silo_with_one_configuration_error_line(string variable, string value, string expected)
    {
        var (exitCode, errors) = await RefusedSiloRun.RunAsync(new Dictionary<string, string> { [variable] = value });

        Assert.Equal(3, exitCode);
        Assert.Contains(expected, errors, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", errors, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Environment_production_turns_on_the_production_self_validation()
    {
        var (exitCode, errors) = await RefusedSiloRun.RunAsync(new Dictionary<string, string> { ["ENVIRONMENT"] = "production" });

        Assert.Equal(3, exitCode);
        Assert.Contains("Configuration error: Auth__JwtSecret is the built-in development secret", errors, StringComparison.Ordinal);
    }
}
