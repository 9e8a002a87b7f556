using System.Text.Json;
using System.Text.Json.Serialization;

namespace IngestionCluster.Grains.Abstractions.Serialization;

/// <summary>
/// An enum in JSON by its names only. The plain string-enum converter also takes numbers, and would let
/// <c>"source_type": 7</c> through as a value no name stands for.
/// </summary>
public sealed class NamedEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(namingPolicy: null, allowIntegerValues: false)
    where TEnum : struct, Enum;
