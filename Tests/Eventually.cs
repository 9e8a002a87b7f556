namespace IngestionCluster.Tests;

/// <summary>Polls a condition until it holds or the time is up; the assertion failure names what never happened.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string? what = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout.TotalSeconds:0.#} s{(what is null ? "" : ": " + what)}.");
            }
            await Task.Delay(50);
        }
    }

    public static Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? what = null) =>
        TrueAsync(() => Task.FromResult(condition()), timeout, what);

    /// <summary>
    /// Reads a value until it satisfies <paramref name="until"/> or the time is up, and returns the last one read,
    /// so that the caller's assertion shows what it was (e.g. the blobs that were left behind).
    /// </summary>
    public static async Task<T> LastAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await read();
            if (until(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }
            await Task.Delay(50);
        }
    }
}
