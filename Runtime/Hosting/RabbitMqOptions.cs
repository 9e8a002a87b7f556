namespace IngestionCluster.Runtime.Hosting;

/// <summary>Settings of section <c>RabbitMq</c> (cluster mode).</summary>
public sealed class RabbitMqOptions
{
    public const string SectionName = "RabbitMq";

    /// <summary>AMQP URI, e.g. <c>amqp://user:password@rabbit:5672/vhost</c> (<c>amqps://</c> for TLS).</summary>
    public string Uri { get; set; } = "amqp://guest:guest@localhost:5672/";

    /// <summary>Initial and maximum delay between reconnection attempts.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>AMQP heartbeat; a dead broker connection is noticed within about twice this.</summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The URI with its password masked, for logs.</summary>
    public string SafeUri
    {
        get
        {
            if (!System.Uri.TryCreate(Uri, UriKind.Absolute, out var parsed) || string.IsNullOrEmpty(parsed.UserInfo))
            {
                return Uri;
            }
            var user = parsed.UserInfo.Split(':')[0];
            return new UriBuilder(parsed) { UserName = user, Password = "***" }.Uri.ToString();
        }
    }
}
