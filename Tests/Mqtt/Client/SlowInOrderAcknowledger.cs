using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using IngestionCluster.Gateway.Mqtt.Client;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>
/// A message handler that falls behind: it records each message and acknowledges them in arrival order, one at a
/// time and slower than a camera publishes, and it tracks the most messages it held unacknowledged at once.
/// </summary>
internal sealed class SlowInOrderAcknowledger
{
    private readonly Channel<ReceivedMqttMessage> _unacknowledged = Channel.CreateUnbounded<ReceivedMqttMessage>();
    private readonly ConcurrentBag<string> _payloads = [];
    private readonly Task _acknowledging;
    private int _delivered;
    private int _acknowledged;
    private int _mostOutstanding;

    public SlowInOrderAcknowledger() => _acknowledging = Task.Run(AcknowledgeInOrderAsync);

    public IReadOnlyCollection<string> Payloads => _payloads;

    public int Acknowledged => Volatile.Read(ref _acknowledged);

    public int MostOutstanding => Volatile.Read(ref _mostOutstanding);

    public Task HandleAsync(ReceivedMqttMessage message, CancellationToken cancellationToken)
    {
        _payloads.Add(Encoding.UTF8.GetString(message.Payload.Span));
        RaiseMostOutstanding(Interlocked.Increment(ref _delivered) - Volatile.Read(ref _acknowledged));
        _unacknowledged.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    /// <summary>Stops taking messages once those handed in are acknowledged; fails if an acknowledgement could not be sent.</summary>
    public async Task StopAsync()
    {
        _unacknowledged.Writer.Complete();
        await _acknowledging;
    }

    private async Task AcknowledgeInOrderAsync()
    {
        await foreach (var message in _unacknowledged.Reader.ReadAllAsync())
        {
            await Task.Delay(1);
            // Counted before the PUBACK leaves: the place it gives back may let the next message in at once.
            Interlocked.Increment(ref _acknowledged);
            Assert.True(await message.AcknowledgeAsync(CancellationToken.None));
        }
    }

    private void RaiseMostOutstanding(int outstanding)
    {
        var seen = Volatile.Read(ref _mostOutstanding);
        while (outstanding > seen && Interlocked.CompareExchange(ref _mostOutstanding, outstanding, seen) is var previous && previous != seen)
        {
            seen = previous;
        }
    }
}
