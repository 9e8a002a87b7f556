using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;
using IngestionCluster.Storage.S3;

namespace IngestionCluster.Tests.Storage.S3;

public sealed class S3ErrorsTests
{
    private static AmazonS3Exception Service(string code, HttpStatusCode status) =>
        new($"{code} happened", null, ErrorType.Sender, code, "request-1", status);

    [Theory]
    [InlineData("InternalError", HttpStatusCode.InternalServerError)]
    [InlineData("ServiceUnavailable", HttpStatusCode.ServiceUnavailable)]
    [InlineData("SlowDown", HttpStatusCode.ServiceUnavailable)]
    [InlineData("TooManyRequests", HttpStatusCode.TooManyRequests)]
    [InlineData("RequestTimeout", HttpStatusCode.BadRequest)]
    [InlineData("BadGateway", HttpStatusCode.BadGateway)]
    public void Server_errors_throttling_and_timeouts_are_transient(string code, HttpStatusCode status)
    {
        Assert.True(S3Errors.IsTransient(Service(code, status)));
    }

    [Theory]
    [InlineData("AccessDenied", HttpStatusCode.Forbidden)]
    [InlineData("NoSuchBucket", HttpStatusCode.NotFound)]
    [InlineData("InvalidAccessKeyId", HttpStatusCode.Forbidden)]
    [InlineData("SignatureDoesNotMatch", HttpStatusCode.Forbidden)]
    [InlineData("InvalidBucketName", HttpStatusCode.BadRequest)]
    [InlineData("EntityTooLarge", HttpStatusCode.BadRequest)]
    [InlineData("NotImplemented", HttpStatusCode.NotImplemented)]
    public void Client_errors_and_what_the_server_cannot_do_are_permanent(string code, HttpStatusCode status)
    {
        Assert.False(S3Errors.IsTransient(Service(code, status)));
    }

    [Fact]
    public void Network_failures_without_a_response_are_transient()
    {
        Assert.True(S3Errors.IsTransient(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.True(S3Errors.IsTransient(new AmazonServiceException("wrapped", new IOException("Connection reset by peer"))));
        Assert.True(S3Errors.IsTransient(new TaskCanceledException("timeout", new TimeoutException())));
    }

    [Fact]
    public void Programming_errors_are_permanent()
    {
        Assert.False(S3Errors.IsTransient(new InvalidOperationException("bug")));
        Assert.False(S3Errors.IsTransient(new ArgumentException("bad")));
    }

    [Fact]
    public void Description_names_the_error_code_and_status()
    {
        Assert.Equal("AccessDenied (HTTP 403): AccessDenied happened", S3Errors.Describe(Service("AccessDenied", HttpStatusCode.Forbidden)));
        Assert.Contains("Connection refused", S3Errors.Describe(new HttpRequestException("Connection refused (127.0.0.1:9)")));
    }
}
