using IngestionCluster.Gateway.Mqtt.Client;
using IngestionCluster.Grains.Abstractions.Sessions;

namespace IngestionCluster.Gateway.Mqtt.Bridge;

/// <summary>
/// One queue per camera: each camera's messages are processed in arrival order, different cameras at the
/// same time. What has queued up on a lane while its previous messages were processed goes to the
/// processor together (at most <see cref="MaxBatch"/> messages and <see cref="MaxBatchBytes"/> of payload), so a camera's burst of chunks costs a few calls,
/// not one per chunk. At most <c>capacity</c> messages are held at once over all cameras;
/// <see cref="EnqueueAsync"/> waits for room. A camera's lane disappears when it is empty. The
/// processor is expected to handle its own failures.
/// </summary>
internal sealed class CameraLanes
{
    /// <summary>As many as a camera grain takes in one call.</summary>
    public const int MaxBatch = ChunkHandOffLimits.MaxChunks;

    /// <summary>
    /// A batch goes to its grain in one Orleans message (a body of at most 100 MB): large chunks go in smaller batches,
    /// never fewer than one message.
    /// </summary>
    public const int MaxBatchBytes = 16 * 1024 * 1024;
    private readonly Dictionary<string, Queue<ReceivedMqttMessage>> _lanes = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _room;
    private readonly Func<IReadOnlyList<ReceivedMqttMessage>, Task> _process;
    private TaskCompletionSource _idle = CompletedIdle();
    private int _held;

    public CameraLanes(int capacity, Func<IReadOnlyList<ReceivedMqttMessage>, Task> process)
    {
        _room = new SemaphoreSlim(capacity, capacity);
        _process = process;
    }

    /// <summary>Messages queued or being processed.</summary>
    public int Held => Volatile.Read(ref _held);

    /// <summary>Queues <paramref name="message"/> behind the earlier ones of <paramref name="camera"/>, once there is room.</summary>
    public async Task EnqueueAsync(string camera, ReceivedMqttMessage message, CancellationToken cancellationToken)
    {
        await _room.WaitAsync(cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _held);
        lock (_lanes)
        {
            if (_lanes.TryGetValue(camera, out var queue))
            {
                queue.Enqueue(message);
                return;
            }
            if (_lanes.Count == 0)
            {
                _idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            _lanes[camera] = new Queue<ReceivedMqttMessage>([message]);
        }
        // The lane takes its first batch when it runs: the chunks that arrived in the meantime go with the first one.
        _ = Task.Run(() => RunLaneAsync(camera), CancellationToken.None);
    }

    /// <summary>Completes when no lane has work left (new messages must have stopped coming).</summary>
    public Task WhenIdleAsync(CancellationToken cancellationToken)
    {
        lock (_lanes)
        {
            return _idle.Task.WaitAsync(cancellationToken);
        }
    }

    private async Task RunLaneAsync(string camera)
    {
        while (TakeBatch(camera) is { } batch)
        {
            try
            {
                await _process(batch).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The processor reports its own failures; an escaped one must not stop the camera's later messages.
            }
            finally
            {
                Interlocked.Add(ref _held, -batch.Count);
                _room.Release(batch.Count);
            }
        }
    }

    /// <summary>The camera's next messages, at most <see cref="MaxBatch"/> and <see cref="MaxBatchBytes"/>; null, and the lane removed, when none is left.</summary>
    private List<ReceivedMqttMessage>? TakeBatch(string camera)
    {
        lock (_lanes)
        {
            var queue = _lanes[camera];
            if (queue.Count == 0)
            {
                _lanes.Remove(camera);
                if (_lanes.Count == 0)
                {
                    _idle.TrySetResult();
                }
                return null;
            }
            var batch = new List<ReceivedMqttMessage>(Math.Min(queue.Count, MaxBatch));
            long bytes = 0;
            while (batch.Count < MaxBatch && queue.TryPeek(out var next) && (batch.Count == 0 || bytes + next.Payload.Length <= MaxBatchBytes))
            {
                batch.Add(queue.Dequeue());
                bytes += next.Payload.Length;
            }
            return batch;
        }
    }

    private static TaskCompletionSource CompletedIdle()
    {
        var idle = new TaskCompletionSource();
        idle.SetResult();
        return idle;
    }
}
