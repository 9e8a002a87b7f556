namespace IngestionCluster.Gateway.Errors;

/// <summary>The HTTP answer an exception becomes: status, title and detail of the problem details.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">The problem's title.</param>
/// <param name="Detail">What the client reads; for 5xx it names no internals.</param>
/// <param name="RetryAfterSeconds">Sent as <c>Retry-After</c> when the same request is expected to succeed later (503, 504); null otherwise.</param>
internal readonly record struct MappedProblem(int Status, string Title, string Detail, int? RetryAfterSeconds = null);
