using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>
/// A message handler that records what it receives, for tests to wait on. It acknowledges each message
/// at once unless <see cref="Acknowledge"/> says otherwise; held messages can be acknowledged later.
/// </summary>
internal sealed class MessageCollector
{
    private readonly ConcurrentQueue<ReceivedMqttMessage> _messages = new();
    private readonly ConcurrentQueue<ReceivedMqttMessage> _held = new();

    /// <summary>Decides per message whether to acknowledge it now (true) or hold it (false).</summary>
    public Func<ReceivedMqttMessage, bool> Acknowledge { get; init; } = _ => true;

    public IReadOnlyList<ReceivedMqttMessage> Messages => [.. _messages];

    public IReadOnlyList<string> Payloads => [.. _messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];

    public int Held => _held.Count;

    public async Task HandleAsync(ReceivedMqttMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        if (Acknowledge(message))
        {
            await message.AcknowledgeAsync(cancellationToken);
        }
        else
        {
            _held.Enqueue(message);
        }
    }

    /// <summary>Acknowledges every held message; returns how many acknowledgements went out.</summary>
    public async Task<int> AcknowledgeHeldAsync()
    {
        var sent = 0;
        while (_held.TryDequeue(out var message))
        {
            sent += await message.AcknowledgeAsync(CancellationToken.None) ? 1 : 0;
        }
        return sent;
    }

    public async Task WaitForCountAsync(int count, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var clock = Stopwatch.StartNew();
        while (_messages.Count < count)
        {
            Assert.True(clock.Elapsed < limit, $"expected {count} messages within {limit.TotalSeconds:0} s, got {_messages.Count}");
            await Task.Delay(20);
        }
    }
}
