using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Amazon.S3;
using Amazon.S3.Model;
using Npgsql;

namespace IngestionCluster.Tests.Fixtures;

/// <summary>Each fixture proves that the real server behind it works.</summary>
public sealed class FixtureSmokeTests
{
    [Fact]
    public async Task Postgres_round_trips_sql()
    {
        var postgres = await TestServers.Postgres;
        var connectionString = await postgres.CreateDatabaseAsync("smoke");
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var create = new NpgsqlCommand("CREATE TABLE t (id int PRIMARY KEY, name text NOT NULL)", connection))
        {
            await create.ExecuteNonQueryAsync();
        }
        await using (var insert = new NpgsqlCommand("INSERT INTO t VALUES (@id, @name)", connection))
        {
            insert.Parameters.AddWithValue("id", 7);
            insert.Parameters.AddWithValue("name", "seven");
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }
        await using var select = new NpgsqlCommand("SELECT name, version() FROM t WHERE id = 7", connection);
        await using var reader = await select.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal("seven", reader.GetString(0));
        Assert.StartsWith("PostgreSQL 15", reader.GetString(1), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redis_keeps_what_was_written_across_a_restart()
    {
        await using var redis = await TestServers.StartPrivateAsync<RedisServer>();
        await using (var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration))
        {
            Assert.True(await connection.GetDatabase().StringSetAsync("smoke", "kept"));
        }
        await redis.StopAsync();
        await redis.StartAsync();
        await using var again = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        Assert.Equal("kept", (string?)await again.GetDatabase().StringGetAsync("smoke"));
    }

    [Fact]
    public async Task Mosquitto_delivers_a_qos1_message_to_a_subscriber()
    {
        var mosquitto = await TestServers.Mosquitto;
        var topic = $"smoke/{Guid.NewGuid():N}";
        var auth = new[] { "-h", mosquitto.Host, "-p", mosquitto.PortText, "-u", mosquitto.User, "-P", mosquitto.Password };
        using var subscriber = StartClient(RequiredBinary.Find("mosquitto_sub", "mosquitto-clients"),
            [.. auth, "-t", topic, "-q", "1", "-C", "1", "-W", "20"]);
        // The subscription must exist before the publish; poll with retained-free publishes until it arrives.
        var output = subscriber.StandardOutput.ReadLineAsync();
        var publisher = RequiredBinary.Find("mosquitto_pub", "mosquitto-clients");
        while (!output.IsCompleted && !subscriber.HasExited)
        {
            using var pub = StartClient(publisher, [.. auth, "-t", topic, "-q", "1", "-m", "hello qos1"]);
            await pub.WaitForExitAsync();
            Assert.Equal(0, pub.ExitCode);
            await Task.WhenAny(output, Task.Delay(200));
        }
        Assert.Equal("hello qos1", await output);
        await subscriber.WaitForExitAsync();
        Assert.Equal(0, subscriber.ExitCode);
    }

    [Fact]
    public async Task Mosquitto_refuses_a_wrong_password()
    {
        var mosquitto = await TestServers.Mosquitto;
        using var pub = StartClient(RequiredBinary.Find("mosquitto_pub", "mosquitto-clients"),
            ["-h", mosquitto.Host, "-p", mosquitto.PortText, "-u", mosquitto.User, "-P", "wrong", "-t", "x", "-q", "1", "-m", "x"]);
        var error = await pub.StandardError.ReadToEndAsync();
        await pub.WaitForExitAsync();
        Assert.NotEqual(0, pub.ExitCode);
        Assert.Contains("not authorised", error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task S3_round_trips_100000_random_bytes()
    {
        var s3 = await TestServers.S3;
        using var client = s3.CreateClient();
        var body = RandomNumberGenerator.GetBytes(100_000);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = s3.DefaultBucket,
            Key = "smoke/random.bin",
            InputStream = new MemoryStream(body),
            ContentType = "application/octet-stream",
            // s3rver stores aws-chunked signatures inside the object otherwise (see shared/PACKAGES.md).
            UseChunkEncoding = false,
        });
        using var response = await client.GetObjectAsync(s3.DefaultBucket, "smoke/random.bin");
        using var copy = new MemoryStream();
        await response.ResponseStream.CopyToAsync(copy);

        Assert.Equal(100_000, copy.Length);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(body)), Convert.ToHexString(SHA256.HashData(copy.ToArray())));
    }

    [Fact]
    public async Task S3_keeps_serving_while_objects_of_one_folder_are_put_and_deleted_at_once()
    {
        // Plain s3rver removes a folder its last object left, racing with a put that has just created that folder;
        // the put's unhandled error ended the whole server (the LDOs' shared provisional folder hit it).
        await using var s3 = await TestServers.StartPrivateAsync<S3Server>();
        using var client = s3.CreateClient();
        var body = RandomNumberGenerator.GetBytes(2_000);

        await Task.WhenAll(Enumerable.Range(0, 8).Select(async worker =>
        {
            for (var round = 0; round < 60; round++)
            {
                var key = $"shared/{worker}-{round}.bin";
                await client.PutObjectAsync(new PutObjectRequest
                {
                    BucketName = s3.DefaultBucket, Key = key, InputStream = new MemoryStream(body), UseChunkEncoding = false,
                });
                await client.DeleteObjectAsync(s3.DefaultBucket, key);
            }
        }));

        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = s3.DefaultBucket, Prefix = "shared/" });
        Assert.Empty(listed.S3Objects ?? []);
    }

    private static Process StartClient(string fileName, IEnumerable<string> arguments)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        return Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
    }
}
