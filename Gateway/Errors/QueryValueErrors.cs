using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// A query value that does not parse, said with the client's name for it and what it takes. ASP.NET Core's message
/// names the handler's C# parameter and its .NET type instead (<c>Failed to bind parameter "bool? deleteImage" from "yes".</c>).
/// </summary>
internal static partial class QueryValueErrors
{
    private const int MaxQuotedValue = 100;

    [GeneratedRegex("""^Failed to bind parameter "(?<type>.+) (?<name>[^ "]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    /// <param name="handler">The endpoint's handler, whose parameters say the query names and types.</param>
    /// <returns>Null when the message is not ASP.NET Core's for a value that does not parse.</returns>
    public static string? Describe(string message, MethodInfo? handler, JsonSerializerOptions options)
    {
        var match = FailedToBind().Match(message);
        if (!match.Success)
        {
            return null;
        }
        var name = match.Groups["name"].Value;
        var parameter = handler?.GetParameters().FirstOrDefault(p => p.Name == name);
        var key = parameter?.GetCustomAttributes().OfType<IFromQueryMetadata>().FirstOrDefault()?.Name ?? name;
        var value = match.Groups["value"].Value;
        value = value.Length > MaxQuotedValue ? value[..MaxQuotedValue] + "…" : value;
        var expected = parameter is null ? "another value" : JsonValueExpectations.Of(parameter.ParameterType, options);
        return $"{key} must be {expected} (got \"{value}\").";
    }
}
