using System.Globalization;
using System.Text;

namespace IngestionCluster.Runtime.Transport.RabbitMq;

/// <summary>Header names of runtime messages, and tolerant readers for AMQP header values.</summary>
internal static class RabbitMqHeaders
{
    public const string Kind = "ic-kind";
    public const string Key = "ic-key";
    public const string Method = "ic-method";
    public const string Partition = "ic-partition";
    public const string Deadline = "ic-deadline";
    public const string Status = "ic-status";
    public const string TraceParent = "traceparent";
    public const string TraceState = "tracestate";
    public const string DeliveryCount = "x-delivery-count";
    public const string Death = "x-death";

    public static string? GetString(IDictionary<string, object?>? headers, string name) =>
        headers is not null && headers.TryGetValue(name, out var value) ? AsString(value) : null;

    public static long GetLong(IDictionary<string, object?>? headers, string name)
    {
        if (headers is null || !headers.TryGetValue(name, out var value) || value is null)
        {
            return 0;
        }
        return value switch
        {
            long l => l,
            int i => i,
            short s => s,
            byte b => b,
            ulong ul => (long)ul,
            uint ui => ui,
            _ => long.TryParse(AsString(value), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0,
        };
    }

    public static string? AsString(object? value) => value switch
    {
        null => null,
        byte[] bytes => Encoding.UTF8.GetString(bytes),
        string s => s,
        _ => Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}
