using IngestionCluster.Gateway.Thumbnails;
using IngestionCluster.Grains.Abstractions.Imaging;

namespace IngestionCluster.Tests.Ui.Thumbnails;

public sealed class ThumbnailCacheTests
{
    [Fact]
    public void The_least_recently_used_thumbnails_go_first_once_the_bytes_exceed_the_capacity()
    {
        var cache = new ThumbnailCache(Microsoft.Extensions.Options.Options.Create(new ThumbnailOptions { CacheBytes = 300 }));
        cache.Add(Key("a"), Thumbnail(100));
        cache.Add(Key("b"), Thumbnail(100));
        cache.Add(Key("c"), Thumbnail(100));
        Assert.True(cache.TryGet(Key("a"), out _));

        cache.Add(Key("d"), Thumbnail(100));

        Assert.False(cache.TryGet(Key("b"), out _));
        Assert.True(cache.TryGet(Key("a"), out _));
        Assert.True(cache.TryGet(Key("c"), out _));
        Assert.True(cache.TryGet(Key("d"), out _));
        Assert.Equal((3, 300L), (cache.Count, cache.Bytes));
    }

    [Fact]
    public void Other_bytes_or_another_width_are_another_thumbnail_and_one_larger_than_the_cache_is_not_kept()
    {
        var cache = new ThumbnailCache(Microsoft.Extensions.Options.Options.Create(new ThumbnailOptions { CacheBytes = 150 }));
        cache.Add(Key("a"), Thumbnail(100));
        Assert.False(cache.TryGet(Key("a") with { Sha256 = "other" }, out _));
        Assert.False(cache.TryGet(Key("a") with { Width = 64 }, out _));

        cache.Add(Key("big"), Thumbnail(151));
        Assert.False(cache.TryGet(Key("big"), out _));
        Assert.True(cache.TryGet(Key("a"), out _));

        cache.Add(Key("a"), Thumbnail(120));
        Assert.Equal((1, 120L), (cache.Count, cache.Bytes));
    }

    private static ThumbnailKey Key(string imageId) => new(imageId, "sha", 320);

    private static Thumbnail Thumbnail(int size) => new(new byte[size], 320, 180, "sha");
}
