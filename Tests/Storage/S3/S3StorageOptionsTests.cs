using IngestionCluster.Storage.S3;

namespace IngestionCluster.Tests.Storage.S3;

public sealed class S3StorageOptionsTests
{
    private static S3StorageOptions Valid() => new()
    {
        Endpoint = "http://minio:9000",
        AccessKey = "key",
        SecretKey = "secret",
    };

    [Fact]
    public void Defaults_with_an_endpoint_and_keys_are_valid()
    {
        var options = Valid();

        Assert.Empty(options.Validate());
        Assert.Equal("ingest", options.Bucket);
        Assert.Equal("us-east-1", options.Region);
        Assert.True(options.ForcePathStyle);
        Assert.True(options.CreateBucketIfMissing);
        Assert.Equal(8 * 1024 * 1024, options.MultipartPartSizeBytes);
        Assert.False(options.EffectiveUseTls);
    }

    [Fact]
    public void Without_endpoint_or_keys_the_message_says_what_to_set()
    {
        var problem = Assert.Single(new S3StorageOptions().Validate());

        Assert.StartsWith("Storage__Provider=s3 needs Storage__Endpoint", problem);
        Assert.Contains("Storage__AccessKey", problem);
        Assert.Contains("Storage__UseDefaultCredentials", problem);
    }

    [Fact]
    public void Aws_with_the_default_credential_chain_is_valid_and_uses_tls()
    {
        var options = new S3StorageOptions { UseDefaultCredentials = true, Region = "eu-west-1" };

        Assert.Empty(options.Validate());
        Assert.True(options.IsAws);
        Assert.True(options.EffectiveUseTls);
    }

    [Theory]
    [InlineData("minio:9000", null, true)]
    [InlineData("minio:9000", false, false)]
    [InlineData("https://s3.example.com", null, true)]
    [InlineData("http://127.0.0.1:9000", null, false)]
    public void Tls_follows_the_endpoint_scheme_or_the_setting(string endpoint, bool? useTls, bool expected)
    {
        var options = Valid();
        options.Endpoint = endpoint;
        options.UseTls = useTls;

        Assert.Empty(options.Validate());
        Assert.Equal(expected, options.EffectiveUseTls);
    }

    [Theory]
    [InlineData("http://minio:9000", true, "contradicts")]
    [InlineData("http://user:pass@minio:9000", null, "must not carry credentials")]
    [InlineData("http://minio:9000/bucket", null, "without a path")]
    [InlineData("ftp://minio", null, "http:// or https://")]
    public void Malformed_endpoints_are_rejected(string endpoint, bool? useTls, string expected)
    {
        var options = Valid();
        options.Endpoint = endpoint;
        options.UseTls = useTls;

        Assert.Contains(options.Validate(), p => p.Contains(expected, StringComparison.Ordinal));
        Assert.DoesNotContain(options.Validate(), p => p.Contains("pass", StringComparison.Ordinal) && !p.Contains("Storage__", StringComparison.Ordinal));
    }

    [Fact]
    public void Half_a_key_pair_is_rejected()
    {
        var options = Valid();
        options.SecretKey = null;

        Assert.Contains(options.Validate(), p => p.Contains("set both", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("In")]
    [InlineData("Upper-Case")]
    [InlineData("under_score")]
    [InlineData("-leading")]
    [InlineData("two..dots")]
    public void Invalid_bucket_names_are_rejected(string bucket)
    {
        var options = Valid();
        options.Bucket = bucket;

        Assert.Contains(options.Validate(), p => p.StartsWith("Storage__Bucket", StringComparison.Ordinal));
    }

    [Fact]
    public void Parts_must_be_at_least_5_MiB_and_the_threshold_not_negative()
    {
        var options = Valid();
        options.MultipartPartSizeBytes = 1024 * 1024;
        Assert.Contains(options.Validate(), p => p.StartsWith("Storage__MultipartPartSizeBytes", StringComparison.Ordinal));

        options = Valid();
        options.MultipartThresholdBytes = -1;
        Assert.Contains(options.Validate(), p => p.StartsWith("Storage__MultipartThresholdBytes", StringComparison.Ordinal));
    }

    [Fact]
    public void Description_never_holds_the_secret_or_endpoint_credentials()
    {
        var options = Valid();
        options.SecretKey = "top-secret";

        Assert.DoesNotContain("top-secret", options.ToString());
        Assert.DoesNotContain("top-secret", options.DescribeEndpoint());
    }
}
