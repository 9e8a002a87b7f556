namespace IngestionCluster.Gateway.Contracts;

/// <summary>
/// Tokens for a user of <c>/auth/login</c>: send <see cref="AccessToken"/> as <c>Authorization: Bearer …</c> for
/// <see cref="ExpiresIn"/> seconds, then trade <see cref="RefreshToken"/> for new ones at <c>/auth/refresh</c>.
/// </summary>
public sealed record TokenResponse(string AccessToken, string RefreshToken, string TokenType, long ExpiresIn);
