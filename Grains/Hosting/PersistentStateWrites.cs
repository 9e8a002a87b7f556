namespace IngestionCluster.Grains.Hosting;

/// <summary>How a grain saves a change to its state.</summary>
internal static class PersistentStateWrites
{
    /// <summary>
    /// Saves the state. A failed write leaves storage holding the old state or the new one, and which is unknown: the
    /// activation puts its memory back, or stops acting on it (<paramref name="undo"/>), and goes, so that the next
    /// activation reads what storage holds instead of acting on, or writing over, a guess.
    /// </summary>
    public static async Task WriteOrDeactivateAsync<TState>(this IPersistentState<TState> state, IGrainBase grain, Action undo,
        CancellationToken cancellationToken = default)
    {
        try
        {
            await state.WriteStateAsync(cancellationToken);
        }
        catch
        {
            undo();
            grain.DeactivateOnIdle();
            throw;
        }
    }
}
