using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>A message handler that records what it receives, for tests to wait on.</summary>
internal sealed class MessageCollector
{
    private readonly ConcurrentQueue<MqttApplicationMessage> _messages = new();

    public IReadOnlyList<MqttApplicationMessage> Messages => [.. _messages];

    public IReadOnlyList<string> Payloads => [.. _messages.Select(m => Encoding.UTF8.GetString(m.Payload.Span))];

    public Task HandleAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        _messages.Enqueue(message);
        return Task.CompletedTask;
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
