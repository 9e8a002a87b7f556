using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Tests.Gateway.Errors;

public sealed class JsonFieldPathTests
{
    private sealed record Item(int Count);

    private sealed record Body(string? Name, List<Item>? Items, Dictionary<string, Item>? ByKey);

    private static readonly JsonSerializerOptions _options = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
    };

    [Theory]
    [InlineData("$", "", typeof(Body))]
    [InlineData("$.name", "name", typeof(string))]
    [InlineData("$.items[3].count", "items[3].count", typeof(int))]
    [InlineData("$.by_key['a.b'].count", "by_key['a.b'].count", typeof(int))]
    [InlineData("$['name']", "['name']", typeof(string))]
    public void A_path_names_its_field_and_leads_to_the_field_s_type(string path, string field, Type type)
    {
        var parsed = JsonFieldPath.Parse(path);

        Assert.NotNull(parsed);
        Assert.Equal(field, parsed.Field);
        Assert.Equal(type, parsed.Resolve(typeof(Body), _options).Type);
    }

    [Fact]
    public void A_last_name_that_is_no_property_is_unknown_in_the_object_before_it()
    {
        var lookup = JsonFieldPath.Parse("$.items[0].amount")!.Resolve(typeof(Body), _options);

        Assert.Null(lookup.Type);
        Assert.Equal(typeof(Item), lookup.UnknownIn?.Type);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("name")]
    [InlineData("$.items[3")]
    [InlineData("$['name")]
    public void Text_that_is_no_such_path_is_refused(string? path) => Assert.Null(JsonFieldPath.Parse(path));

    [Fact]
    public void A_path_through_a_missing_property_leads_nowhere()
    {
        var lookup = JsonFieldPath.Parse("$.nothing.count")!.Resolve(typeof(Body), _options);

        Assert.Null(lookup.Type);
        Assert.Null(lookup.UnknownIn);
    }
}
