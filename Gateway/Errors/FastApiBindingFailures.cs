namespace IngestionCluster.Gateway.Errors;

/// <summary>
/// Endpoint metadata of a seed's FastAPI route: a request it cannot bind (a body that is not JSON or does not fit, an
/// empty body, a query value that does not parse) is answered 422, as FastAPI answered it, instead of this API's 400.
/// </summary>
internal sealed class FastApiBindingFailures
{
    public static readonly FastApiBindingFailures Instance = new();

    private FastApiBindingFailures()
    {
    }
}
