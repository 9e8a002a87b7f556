namespace IngestionCluster.Gateway.Contracts;

/// <summary>Who the caller is, as the operator UI needs to know it.</summary>
/// <param name="Authenticated">A valid token (header or session cookie) came with the request, or auth is off.</param>
/// <param name="AuthEnabled">Tokens are checked (<c>Auth__Enabled</c>).</param>
/// <param name="Role">admin, ingest, viewer or camera; null when not authenticated.</param>
/// <param name="Subject">The token's <c>sub</c>.</param>
/// <param name="ExpiresAt">When the token (and so the session) expires.</param>
/// <param name="Via">How the caller was authenticated: <c>cookie</c>, <c>bearer</c>, <c>disabled</c> (auth off) or <c>none</c>.</param>
/// <param name="PasswordLogin">Users are configured (<c>Auth__Users</c>): the UI offers to sign in with a name and password.</param>
public sealed record SessionResponse(bool Authenticated, bool AuthEnabled, string? Role, string? Subject, DateTimeOffset? ExpiresAt, string Via, bool PasswordLogin);
