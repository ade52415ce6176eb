namespace Finance.Testing;

/// <summary>The calls a loopback stand-in received, in arrival order, and a way to wait for the ones a test expects.</summary>
internal sealed class RecordedCalls<T>(string server, Func<T, string> describe)
{
    private readonly List<T> calls = [];
    private TaskCompletionSource recorded = NewSignal();

    public IReadOnlyList<T> All
    {
        get { lock (calls) return calls.ToArray(); }
    }

    public void Add(T call)
    {
        lock (calls)
        {
            calls.Add(call);
            var signal = recorded;
            recorded = NewSignal();
            signal.TrySetResult();
        }
    }

    /// <summary>Waits until the recorded calls satisfy the predicate; throws TimeoutException otherwise.</summary>
    public async Task<IReadOnlyList<T>> WaitForAsync(Func<IReadOnlyList<T>, bool> predicate, TimeSpan? timeout)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            Task signal;
            lock (calls) signal = recorded.Task;
            var snapshot = All;
            if (predicate(snapshot)) return snapshot;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                throw new TimeoutException($"{server}: condition not met; {snapshot.Count} calls: " + string.Join(", ", snapshot.Select(describe)));
            await Task.WhenAny(signal, Task.Delay(left));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
