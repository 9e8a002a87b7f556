using IngestionCluster.Runtime;

namespace IngestionCluster.Tests.Runtime.TestGrains;

public interface ITickerGrain : IGrainWithStringKey
{
    Task StartReminder(TimeSpan period);

    Task StopReminder();

    Task StartTimer(TimeSpan period);

    Task<int> GetReminderTicks();

    Task<int> GetTimerTicks();

    Task<string> Where();
}

public sealed class TickerState
{
    public int ReminderTicks { get; set; }
}

public sealed class TickerGrain([PersistentState("ticker")] IPersistentState<TickerState> state, SiloIdentity silo) : Grain, ITickerGrain, IRemindable
{
    private int _timerTicks;
    private int _timerInTurn;

    public Task StartReminder(TimeSpan period) => RegisterOrUpdateReminder("tick", TimeSpan.FromMilliseconds(100), period);

    public Task StopReminder() => UnregisterReminder("tick");

    public Task StartTimer(TimeSpan period)
    {
        RegisterGrainTimer(async cancellationToken =>
        {
            // A timer callback is a turn: nothing else of this grain runs meanwhile.
            if (Interlocked.Exchange(ref _timerInTurn, 1) == 1)
            {
                throw new InvalidOperationException("timer callbacks overlapped");
            }
            _timerTicks++;
            await Task.Delay(20, cancellationToken);
            Interlocked.Exchange(ref _timerInTurn, 0);
        }, TimeSpan.Zero, period);
        return Task.CompletedTask;
    }

    public Task<int> GetReminderTicks() => Task.FromResult(state.State.ReminderTicks);

    public Task<int> GetTimerTicks() => Task.FromResult(_timerTicks);

    public Task<string> Where() => Task.FromResult(silo.Name);

    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        state.State.ReminderTicks++;
        await state.WriteStateAsync();
    }
}
