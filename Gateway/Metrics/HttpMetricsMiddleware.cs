using System.Collections.Frozen;
using System.Diagnostics;
using System.Globalization;
using IngestionCluster.ServiceDefaults.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace IngestionCluster.Gateway.Metrics;

/// <summary>
/// Counts and times every HTTP request by method, route pattern and status code, and runs it inside a
/// server span from <see cref="IngestionTelemetry.ActivitySource"/> that continues the caller's W3C
/// <c>traceparent</c>. Must be the outermost middleware so that it sees the final status code.
/// </summary>
/// <remarks>
/// ASP.NET Core's own <c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c> activity is not exported, so our
/// span takes the caller's context straight from the headers (the same propagator ASP.NET Core uses)
/// instead of hanging off that activity: an exported trace then has no reference to a span that was
/// never sent. Without a <c>traceparent</c> our span starts a new trace.
/// </remarks>
internal sealed class HttpMetricsMiddleware(RequestDelegate next, DistributedContextPropagator propagator)
{
    /// <summary>The <c>route</c> label of requests that matched no endpoint.</summary>
    public const string UnmatchedRoute = "unmatched";

    /// <summary>The <c>method</c> label of methods outside the standard set, bounding cardinality.</summary>
    public const string OtherMethod = "_OTHER";

    private static readonly FrozenSet<string> _knownMethods = new[]
    {
        HttpMethods.Get, HttpMethods.Head, HttpMethods.Post, HttpMethods.Put, HttpMethods.Delete,
        HttpMethods.Patch, HttpMethods.Options, HttpMethods.Trace, HttpMethods.Connect,
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly DistributedContextPropagator.PropagatorGetterCallback _headerGetter = static (object? carrier, string fieldName,
        out string? fieldValue, out IEnumerable<string>? fieldValues) =>
    {
        fieldValue = null;
        fieldValues = null;
        if (carrier is IHeaderDictionary headers && headers.TryGetValue(fieldName, out var values))
        {
            if (values.Count == 1)
            {
                fieldValue = values[0];
            }
            else
            {
                fieldValues = values!;
            }
        }
    };

    public async Task InvokeAsync(HttpContext context)
    {
        var startTimestamp = Stopwatch.GetTimestamp();
        var method = MethodLabel(context.Request.Method);
        // Routing has already run (WebApplication puts UseRouting first); read the route now because
        // the exception handler clears the endpoint before it re-executes the pipeline.
        var routeAtStart = RouteOf(context.GetEndpoint());
        using var activity = StartActivity(context, method, routeAtStart);
        Exception? failure = null;
        try
        {
            await next(context);
        }
        catch (Exception exception)
        {
            failure = exception;
            throw;
        }
        finally
        {
            var route = routeAtStart ?? RouteOf(context.GetEndpoint()) ?? UnmatchedRoute;
            var status = failure is not null && !context.Response.HasStarted
                ? StatusCodes.Status500InternalServerError
                : context.Response.StatusCode;
            Record(method, route, status, Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
            if (activity is not null)
            {
                Complete(activity, method, route, status, failure);
            }
        }
    }

    private Activity? StartActivity(HttpContext context, string method, string? route)
    {
        var source = IngestionTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }
        var headers = context.Request.Headers;
        propagator.ExtractTraceIdAndState(headers, _headerGetter, out var traceParent, out var traceState);
        ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var parentContext);

        var previous = Activity.Current;
        // With no remote parent, StartActivity would fall back to Activity.Current (ASP.NET Core's
        // unexported activity); clearing it makes our span a root instead. This flow is local to
        // this async method, so the hosting activity stays current for the code around us.
        Activity.Current = null;
        var tags = new TagList
        {
            { "http.request.method", method },
            { "url.scheme", context.Request.Scheme },
            { "url.path", context.Request.Path.Value },
        };
        if (route is not null)
        {
            tags.Add("http.route", route);
        }
        var activity = source.StartActivity(
            route is null ? method : $"{method} {route}", ActivityKind.Server, parentContext, tags);
        if (activity is null)
        {
            Activity.Current = previous;
            return null;
        }
        var baggage = propagator.ExtractBaggage(headers, _headerGetter);
        if (baggage is not null)
        {
            foreach (var (key, value) in baggage)
            {
                activity.AddBaggage(key, value);
            }
        }
        return activity;
    }

    private static void Complete(Activity activity, string method, string route, int status, Exception? failure)
    {
        activity.DisplayName = $"{method} {route}";
        activity.SetTag("http.route", route);
        activity.SetTag("http.response.status_code", status);
        if (failure is not null)
        {
            activity.AddException(failure);
            activity.SetTag("error.type", failure.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error, failure.Message);
        }
        else if (status >= StatusCodes.Status500InternalServerError)
        {
            activity.SetTag("error.type", status.ToString(CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static void Record(string method, string route, int status, double seconds)
    {
        var durationTags = new TagList { { "method", method }, { "route", route } };
        HttpRequestInstruments.Duration.Record(seconds, durationTags);
        var requestTags = new TagList
        {
            { "method", method },
            { "route", route },
            { "status", status.ToString(CultureInfo.InvariantCulture) },
        };
        HttpRequestInstruments.Requests.Add(1, requestTags);
    }

    private static string MethodLabel(string method) =>
        _knownMethods.TryGetValue(method, out var known) ? known : OtherMethod;

    private static string? RouteOf(Endpoint? endpoint)
    {
        if (endpoint is not RouteEndpoint { RoutePattern.RawText: { } pattern })
        {
            return null;
        }
        return pattern.StartsWith('/') ? pattern : "/" + pattern;
    }
}
