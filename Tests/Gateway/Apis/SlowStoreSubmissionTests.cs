using System.Net;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Storage.Blobs;
using IngestionCluster.Tests.Gateway.Support;
using Microsoft.Data.Sqlite;

namespace IngestionCluster.Tests.Gateway.Apis;

/// <summary>
/// Submissions whose grain call times out while the database is busy. The grain goes on and records them once
/// the database is free, so their bytes must stay, and the client, which would otherwise retry and store them twice,
/// is answered as for any recorded submission.
/// </summary>
public sealed class SlowStoreSubmissionTests
{
    private static readonly Dictionary<string, string?> _shortCalls = new() { ["Cluster:ResponseTimeout"] = "00:00:03" };

    /// <summary>Longer than a grain call may take, shorter than the call plus the question that follows it.</summary>
    private static readonly TimeSpan _lockedFor = TimeSpan.FromSeconds(4.5);

    [Fact]
    public async Task An_upload_whose_call_timed_out_on_a_locked_database_keeps_its_bytes_and_is_accepted_once()
    {
        await using var gateway = await StandaloneGateway.StartAsync(_shortCalls);
        var client = gateway.As(ApiRoles.Ingest);
        // A first upload, so start-up work does not count against the timeout.
        await ApiAssert.StatusAsync(await client.PostAsync("/api/v1/ingest/upload", UploadForm()), HttpStatusCode.Created);

        using var response = await WhileTheDatabaseIsLockedAsync(gateway, () => client.PostAsync("/api/v1/ingest/upload", UploadForm()));

        var body = await ApiAssert.StatusAsync(response, HttpStatusCode.Created);
        var file = Assert.Single(body.GetProperty("files").EnumerateArray());
        await AssertStoredAsync(gateway, file.GetProperty("object_key").GetString()!, Samples.Jpeg);
        var image = await ApiAssert.JsonAsync(await client.GetAsync($"/api/v1/images/{file.GetProperty("image_id").GetString()}"));
        Assert.Equal(body.GetProperty("request_id").GetString(), image.GetProperty("request_id").GetString());
        var images = await ApiAssert.JsonAsync(await client.GetAsync("/api/v1/images?camera_id=slow-cam&limit=100"));
        Assert.Equal(2, images.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task An_ldo_whose_call_timed_out_on_a_locked_database_keeps_its_video_and_is_created_once()
    {
        await using var gateway = await StandaloneGateway.StartAsync(_shortCalls);
        var client = gateway.As(ApiRoles.Ingest);
        await ApiAssert.StatusAsync(await client.PostAsync("/ingest/ldo", LdoForm("ldo-warm-up")), HttpStatusCode.OK);

        using var response = await WhileTheDatabaseIsLockedAsync(gateway, () => client.PostAsync("/ingest/ldo", LdoForm("ldo-slow")));

        await ApiAssert.StatusAsync(response, HttpStatusCode.OK);
        var ldo = await ApiAssert.JsonAsync(await client.GetAsync("/ingest/ldo/ldo-slow"));
        await AssertStoredAsync(gateway, ldo.GetProperty("video").GetProperty("object_key").GetString()!, Samples.Video(64 * 1024));
    }

    private static async Task<HttpResponseMessage> WhileTheDatabaseIsLockedAsync(StandaloneGateway gateway, Func<Task<HttpResponseMessage>> send)
    {
        await using var writer = new SqliteConnection($"Data Source={gateway.DatabasePath}");
        await writer.OpenAsync();
        await using var command = writer.CreateCommand();
        // The write lock: every other writer waits (busy_timeout) until it is released.
        command.CommandText = "BEGIN IMMEDIATE";
        await command.ExecuteNonQueryAsync();
        var sent = send();
        await Task.Delay(_lockedFor);
        command.CommandText = "ROLLBACK";
        await command.ExecuteNonQueryAsync();
        return await sent;
    }

    private static async Task AssertStoredAsync(StandaloneGateway gateway, string objectKey, byte[] expected)
    {
        await using var blob = await gateway.Blobs.OpenReadAsync(BlobKey.Parse(objectKey));
        Assert.NotNull(blob);
        using var copy = new MemoryStream();
        await blob.Content.CopyToAsync(copy);
        Assert.Equal(expected, copy.ToArray());
    }

    private static MultipartFormDataContent UploadForm() => Multipart.Form(
        Multipart.Text("camera_id", "slow-cam"),
        Multipart.File("files", Samples.Jpeg, "frame.jpg", "image/jpeg"));

    private static MultipartFormDataContent LdoForm(string ldoId) => Multipart.Form(
        Multipart.Text("metadata", $$$"""{"ldo_id":"{{{ldoId}}}","sensor_data":{"temp":20}}"""),
        Multipart.File("video", Samples.Video(64 * 1024), "clip.mp4", "video/mp4"));
}
