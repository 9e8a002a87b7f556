using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace IngestionCluster.Gateway.Auth;

/// <summary>401 and 403 answers as problem details; a 403's reason travels in <see cref="HttpContext.Items"/>.</summary>
internal static class AuthProblems
{
    public const string ForbiddenDetailKey = "ingestion.auth.forbidden";

    public static async Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).ConfigureAwait(false);
    }
}
