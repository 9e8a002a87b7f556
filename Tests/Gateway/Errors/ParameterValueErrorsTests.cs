using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using IngestionCluster.Gateway.Errors;
using Microsoft.AspNetCore.Mvc;

namespace IngestionCluster.Tests.Gateway.Errors;

/// <summary>ASP.NET Core's messages for parameters that did not bind, against a handler's declared names and types.</summary>
public sealed class ParameterValueErrorsTests
{
    private static readonly JsonSerializerOptions _options = new() { TypeInfoResolver = new DefaultJsonTypeInfoResolver() };

    private static readonly MethodInfo _handler = typeof(ParameterValueErrorsTests).GetMethod(nameof(Handler), BindingFlags.NonPublic | BindingFlags.Static)!;

    [Theory]
    [InlineData("Failed to bind parameter \"int limit\" from \"ten\".", "max_items must be a whole number (got \"ten\").")]
    [InlineData("Failed to bind parameter \"int limit\" from \"99999999999\".", "max_items must be a whole number up to 2147483647 (got \"99999999999\").")]
    [InlineData("Failed to bind parameter \"bool verbose\" from \"loud\".", "X-Verbose must be true or false (got \"loud\").")]
    [InlineData("Required parameter \"int limit\" was not provided from query string.", "max_items is required (query string).")]
    [InlineData("Required parameter \"Payload payload\" was not provided from body.", "The request body is empty or null: this request takes a JSON object.")]
    [InlineData("Failed to bind parameter \"int other\" from \"x\".", "other must be another value (got \"x\").")]
    public void A_message_is_said_with_the_client_s_name_and_what_the_value_takes(string message, string expected) =>
        Assert.Equal(expected, ParameterValueErrors.Describe(message, _handler, _options));

    [Fact]
    public void A_long_value_is_cut_without_splitting_a_character()
    {
        var value = new string('a', 99) + "😀" + new string('b', 20);

        var detail = ParameterValueErrors.Describe($"Failed to bind parameter \"int limit\" from \"{value}\".", _handler, _options)!;

        Assert.Equal($"max_items must be a whole number (got \"{new string('a', 99)}…\").", detail);
    }

    [Fact]
    public void Another_message_is_not_described() =>
        Assert.Null(ParameterValueErrors.Describe("Unexpected end of request content.", _handler, _options));

    private sealed record Payload(string? Name);

    private static void Handler([FromQuery(Name = "max_items")] int limit, [FromHeader(Name = "X-Verbose")] bool verbose, [FromBody] Payload payload)
    {
    }
}
