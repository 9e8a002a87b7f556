using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// A query, route or header value that does not parse, or a required one that is missing, said with the client's name
/// for it and what it takes. ASP.NET Core's messages name the handler's C# parameter and its .NET type instead
/// (<c>Failed to bind parameter "bool? deleteImage" from "yes".</c>).
/// </summary>
internal static partial class ParameterValueErrors
{
    private const int MaxQuotedValue = 100;

    // The detail is written as JSON again: only quotes, backslashes and control characters need escaping here.
    private static readonly JsonSerializerOptions _quoting = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // A .NET type name never holds a quote; the value, the client's text, may.
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^"]+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex(@"^\s*[+-]?[0-9]+\s*$")]
    private static partial Regex IntegerLiteral();

    [GeneratedRegex("""^Required parameter "(?<type>[^"]+) (?<name>[^ "]+)" was not provided from (?<source>[^."]+)\.$""")]
    private static partial Regex NotProvided();

    /// <param name="handler">The endpoint's handler, whose parameters say the client's names and the types.</param>
    /// <returns>Null when the message is neither of ASP.NET Core's for such a value.</returns>
    public static string? Describe(string message, MethodInfo? handler, JsonSerializerOptions options)
    {
        if (FailedToBind().Match(message) is { Success: true } failed)
        {
            var parameter = ParameterOf(handler, failed.Groups["name"].Value);
            var value = failed.Groups["value"].Value;
            var expected = parameter is null ? "another value" : JsonValueExpectations.Of(parameter.ParameterType, options, sayIntegerBound: IntegerLiteral().IsMatch(value));
            return $"{ClientName(parameter, failed.Groups["name"].Value)} must be {expected} (got {Quoted(value)}).";
        }
        if (NotProvided().Match(message) is { Success: true } missing)
        {
            var parameter = ParameterOf(handler, missing.Groups["name"].Value);
            if (missing.Groups["source"].Value == "body")
            {
                var takes = parameter is null ? "a body" : JsonValueExpectations.Of(parameter.ParameterType, options);
                return $"The request body is empty or null: this request takes {takes}.";
            }
            return $"{ClientName(parameter, missing.Groups["name"].Value)} is required ({missing.Groups["source"].Value}).";
        }
        return null;
    }

    private static ParameterInfo? ParameterOf(MethodInfo? handler, string name) => handler?.GetParameters().FirstOrDefault(p => p.Name == name);

    private static string ClientName(ParameterInfo? parameter, string name)
    {
        var attributes = parameter?.GetCustomAttributes().ToList() ?? [];
        return attributes.OfType<IFromQueryMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromRouteMetadata>().FirstOrDefault()?.Name
            ?? attributes.OfType<IFromHeaderMetadata>().FirstOrDefault()?.Name
            ?? name;
    }

    /// <summary>The client's text as a JSON string (quotes and control characters escaped), cut to a readable length.</summary>
    private static string Quoted(string value)
    {
        if (value.Length > MaxQuotedValue)
        {
            var cut = char.IsHighSurrogate(value[MaxQuotedValue - 1]) ? MaxQuotedValue - 1 : MaxQuotedValue;
            value = value[..cut] + "…";
        }
        return JsonSerializer.Serialize(value, _quoting);
    }
}
