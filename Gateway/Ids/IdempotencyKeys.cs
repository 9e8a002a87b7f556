using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using IngestionCluster.Gateway.Auth;
using IngestionCluster.Gateway.Errors;

namespace IngestionCluster.Gateway.Ids;

/// <summary>
/// The <c>Idempotency-Key</c> request header: a client that may send a request again (its connection dropped before the
/// answer, a gateway died) names the request, and every attempt with that key is the one request. The key, the
/// endpoint and the caller's subject make the id of what the request creates, so two callers' keys never meet.
/// </summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    private const int MaxLength = 255;

    /// <summary>The request's key (as bound from the header), null without one; a 400 for one that is empty, too long or not visible ASCII.</summary>
    public static string? Validate(string? key)
    {
        if (key is null)
        {
            return null;
        }
        if (key.Length is 0 or > MaxLength || key.Any(c => c is < '!' or > '~'))
        {
            throw ApiProblems.BadRequest($"{Header} must be 1 to {MaxLength} visible ASCII characters.");
        }
        return key;
    }

    /// <summary>The upload or capture request id every attempt of <paramref name="endpoint"/> with <paramref name="key"/> by this caller gets; a new one without a key.</summary>
    public static string RequestIdFor(ClaimsPrincipal caller, string endpoint, string? key) =>
        AttemptKey(caller, endpoint, key) is { } attempt ? $"req_{attempt}" : ApiIds.NewRequestId();

    /// <summary>The direct-upload job id every attempt of <paramref name="endpoint"/> with <paramref name="key"/> by this caller gets; a new one without a key.</summary>
    public static string JobIdFor(ClaimsPrincipal caller, string endpoint, string? key) =>
        AttemptKey(caller, endpoint, key) is { } attempt ? $"job_{attempt}" : ApiIds.NewJobId();

    /// <summary>The LDO id for attempts that name none: the same for every attempt with one <see cref="AttemptKey"/>, a new one without.</summary>
    public static string LdoIdFor(string? attemptKey) => attemptKey is null ? ApiIds.NewLdoId() : $"ldo_{attemptKey}";

    /// <summary>
    /// The record of the earlier attempt with the same key, read after the grain refused this attempt as existing: the
    /// ids derived from a key make "exists" mean "recorded by an attempt with this key".
    /// </summary>
    public static async Task<T> EarlierAttemptAsync<T>(Func<Task<T?>> read, string id) where T : class =>
        await read().ConfigureAwait(false) ?? throw new InvalidOperationException($"{id} was refused as existing, and is not there.");

    /// <summary>What every attempt of <paramref name="endpoint"/> with <paramref name="key"/> by this caller shares (hex, never the key itself); null without a key.</summary>
    public static string? AttemptKey(ClaimsPrincipal caller, string endpoint, string? key)
    {
        if (key is null)
        {
            return null;
        }
        var subject = caller.FindFirst(ApiClaims.Subject)?.Value ?? string.Empty;
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes($"{subject}\n{endpoint}\n{key}"));
        return Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }
}
