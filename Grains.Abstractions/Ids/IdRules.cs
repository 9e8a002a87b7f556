namespace IngestionCluster.Grains.Abstractions.Ids;

/// <summary>
/// The one place that decides which ids are acceptable. Camera ids: 1–64 characters of
/// <c>[A-Za-z0-9_.-]</c>, not starting with '.', e.g. <c>Haas_Pit_1</c>. Other ids (image ids from a
/// payload, request ids, LDO ids) follow the same alphabet with their own maximum length.
/// </summary>
public static class IdRules
{
    public const int MaxCameraIdLength = 64;
    public const int MaxClientIdLength = 128;

    public static string ValidateCameraId(string? value) => Validate(value, "camera id", MaxCameraIdLength);

    /// <summary>Ids chosen by clients: payload image ids, LDO ids, request and job ids.</summary>
    public static string ValidateClientId(string? value, string what) => Validate(value, what, MaxClientIdLength);

    public static bool IsValidCameraId(string? value) => Explain(value, MaxCameraIdLength) is null;

    public static string Validate(string? value, string what, int maxLength)
    {
        var problem = Explain(value, maxLength);
        return problem is null ? value! : throw new InvalidIdException($"Invalid {what}: {problem}.");
    }

    /// <summary>Why the value is not a valid id, or null when it is.</summary>
    public static string? Explain(string? value, int maxLength)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "it is empty";
        }
        if (value.Length > maxLength)
        {
            return $"it is {value.Length} characters long; at most {maxLength} are allowed";
        }
        if (value[0] == '.')
        {
            return "it starts with '.'";
        }
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return $"character {i + 1} (U+{(int)c:X4}) is not one of A-Z a-z 0-9 _ . -";
            }
        }
        return null;
    }
}
