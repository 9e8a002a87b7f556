using System.Text.Json.Serialization.Metadata;

namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// What a <see cref="JsonFieldPath"/> names in a body's type: the type of its value, or, when its last name is no
/// property of the object before it, that object (<see cref="UnknownIn"/>). Both null when the path leads somewhere
/// the type does not describe.
/// </summary>
internal readonly record struct JsonFieldLookup(Type? Type, JsonTypeInfo? UnknownIn);
