using IngestionCluster.Gateway.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IngestionCluster.Gateway.Events;

/// <summary>
/// How long a response that never ends by itself (an event stream, a live MJPEG stream) may last: until the client
/// leaves, the process stops (or it would hold the shutdown until the host's timeout, and the silo would leave the
/// cluster ungracefully; the client reconnects elsewhere), or the caller's credentials stop being valid (checked when
/// the stream opened, they must not be outlived: the client reconnects and is asked again).
/// </summary>
internal sealed class StreamLifetime : IDisposable
{
    private static readonly TimeSpan MaxTimerDelay = TimeSpan.FromMilliseconds(uint.MaxValue - 1);

    private readonly CancellationToken _stopping;
    private readonly CancellationTokenSource? _credentialsExpire;
    private readonly CancellationTokenSource _ends;

    public StreamLifetime(HttpContext context)
    {
        _stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        _credentialsExpire = CredentialsExpiry(context);
        _ends = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping, _credentialsExpire?.Token ?? CancellationToken.None);
    }

    /// <summary>Cancelled when the stream must end.</summary>
    public CancellationToken Ends => _ends.Token;

    public bool ServerStopping => _stopping.IsCancellationRequested;

    public bool CredentialsExpired => _credentialsExpire?.IsCancellationRequested == true;

    public void Dispose()
    {
        _ends.Dispose();
        _credentialsExpire?.Dispose();
    }

    /// <summary>
    /// Cancelled when the caller's token stops being valid (its expiry plus the clock skew its validation allows);
    /// null without a token (auth off), or for one valid longer than a timer reaches (about 49 days).
    /// </summary>
    private static CancellationTokenSource? CredentialsExpiry(HttpContext context)
    {
        if (TokenExpiry.Of(context.User) is not { } expires)
        {
            return null;
        }
        var services = context.RequestServices;
        var clock = services.GetRequiredService<TimeProvider>();
        var left = expires + services.GetRequiredService<IOptions<AuthOptions>>().Value.ClockSkew - clock.GetUtcNow();
        return left > MaxTimerDelay ? null : new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, clock);
    }
}
