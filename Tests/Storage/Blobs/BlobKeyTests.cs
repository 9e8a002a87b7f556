using IngestionCluster.Storage.Blobs;

namespace IngestionCluster.Tests.Storage.Blobs;

public sealed class BlobKeyTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("images/cam-1/0f8fad5b-d9cb-469f-a165-70867728950e.jpg")]
    [InlineData("frames/CAM_2/2024-01-01T00-00-00.123Z.jpg")]
    [InlineData("uploads/x.tar.gz")]
    // Any id the id rules allow makes a segment, dots included.
    [InlineData("images/cam..1/a..b.jpg")]
    public void Accepts_keys_of_safe_segments(string value)
    {
        Assert.True(BlobKey.TryParse(value, out var key, out var error), error);
        Assert.Equal(value, key.Value);
        Assert.Equal(value, key.ToString());
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("images/../../etc/passwd")]
    [InlineData("..")]
    [InlineData("a/./b")]
    [InlineData("a/..")]
    [InlineData("a/.../b")]
    [InlineData(".hidden")]
    [InlineData("images/.hidden")]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("/images/a.jpg")]
    [InlineData("images/")]
    [InlineData("images//a.jpg")]
    [InlineData("images\\a.jpg")]
    [InlineData("..\\..\\windows")]
    [InlineData("a\0b")]
    [InlineData("images/a.jpg\0.png")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a%2F..%2Fb")]
    [InlineData("C:/x")]
    [InlineData("\uFF49\uFF4D\uFF41\uFF47\uFF45\uFF53/a.jpg")] // fullwidth "images"
    [InlineData("images/a\uFF0Ejpg")] // fullwidth full stop
    [InlineData("im\u0430ges/a.jpg")] // Cyrillic a
    [InlineData("images/\u0441\u0430m-1/a.jpg")] // Cyrillic es and a
    [InlineData("a\u200Bb")] // zero-width space
    [InlineData("a\nb")]
    [InlineData("\u00E9")]
    public void Rejects_unsafe_keys_with_a_reason(string value)
    {
        Assert.False(BlobKey.TryParse(value, out var key, out var error));
        Assert.Null(key);
        Assert.False(string.IsNullOrWhiteSpace(error));
        Assert.Throws<FormatException>(() => BlobKey.Parse(value));
    }

    [Fact]
    public void Rejects_null()
    {
        Assert.False(BlobKey.TryParse(null, out _, out var error));
        Assert.Contains("empty", error);
    }

    [Fact]
    public void Rejects_a_10_KB_string_by_its_length()
    {
        var value = string.Join('/', Enumerable.Repeat("abcdefghij", 1024))[..10_240];

        Assert.False(BlobKey.TryParse(value, out _, out var error));
        Assert.Contains("more than 512", error);
    }

    [Fact]
    public void Accepts_a_key_of_exactly_512_characters_and_segments_of_128()
    {
        var segment = new string('a', 128);
        var value = string.Join('/', segment, segment, segment, new string('b', 512 - 3 * 129));

        Assert.Equal(512, value.Length);
        Assert.True(BlobKey.TryParse(value, out _));
        Assert.False(BlobKey.TryParse(value + "b", out _));
    }

    [Fact]
    public void Rejects_a_segment_longer_than_128_characters()
    {
        Assert.False(BlobKey.TryParse("a/" + new string('x', 129), out _, out var error));
        Assert.Contains("segment 2", error);
    }

    [Fact]
    public void Error_reason_names_the_offending_code_point_instead_of_echoing_it()
    {
        BlobKey.TryParse("images/a\0b", out _, out var error);

        Assert.NotNull(error);
        Assert.Contains("U+0000", error);
        Assert.DoesNotContain('\0', error);
    }

    [Fact]
    public void From_joins_validated_segments()
    {
        var cameraId = "cam-1";
        var imageId = "0f8fad5b";

        var key = BlobKey.From("images", cameraId, imageId + ".jpg");

        Assert.Equal("images/cam-1/0f8fad5b.jpg", key.Value);
        Assert.Equal("0f8fad5b.jpg", key.Name);
        Assert.Equal(BlobKey.Parse("images/cam-1/0f8fad5b.jpg"), key);
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData("")]
    [InlineData(".git")]
    [InlineData("x\\y")]
    [InlineData("\u0441am")] // Cyrillic es
    public void From_rejects_an_unsafe_segment(string segment)
    {
        Assert.Throws<ArgumentException>(() => BlobKey.From("images", segment, "a.jpg"));
        Assert.False(BlobKey.IsValidSegment(segment));
    }

    [Fact]
    public void From_rejects_no_segments_and_overlong_totals()
    {
        Assert.Throws<ArgumentException>(() => BlobKey.From());
        var segment = new string('a', 128);
        Assert.Throws<ArgumentException>(() => BlobKey.From(segment, segment, segment, segment, "b"));
    }

    [Fact]
    public void Keys_compare_by_ordinal_value()
    {
        Assert.Equal(BlobKey.Parse("a/b"), BlobKey.From("a", "b"));
        Assert.NotEqual(BlobKey.Parse("a/B"), BlobKey.Parse("a/b"));
        Assert.True(BlobKey.Parse("a/b") == BlobKey.From("a", "b"));
        Assert.Equal(BlobKey.Parse("a/b").GetHashCode(), BlobKey.From("a", "b").GetHashCode());
    }
}
