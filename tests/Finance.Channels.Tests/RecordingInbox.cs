using System.Collections.Concurrent;
using Finance.Core;

namespace Finance.Channels.Tests;

/// <summary>An in-memory inbox with the real one's contract (idempotent on channel + external id), keeping
/// arrival order. The inbox is not under test here; what the channel hands it is.</summary>
public sealed class RecordingInbox : IInbox
{
    private readonly ConcurrentDictionary<(string, string), InboundMessage> stored = new();
    private readonly ConcurrentQueue<InboundMessage> attempts = new();
    private readonly ConcurrentQueue<InboundMessage> arrivals = new();
    private int failuresLeft;
    private TaskCompletionSource storedSignal = NewSignal();

    public IReadOnlyList<InboundMessage> Stored => arrivals.ToArray();

    /// <summary>Every EnqueueAsync call, duplicates and failures included.</summary>
    public IReadOnlyCollection<InboundMessage> Attempts => attempts.ToArray();

    /// <summary>The next <paramref name="count"/> enqueues throw, as a database outage would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public Task<bool> EnqueueAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        attempts.Enqueue(message);
        if (Interlocked.Decrement(ref failuresLeft) >= 0) throw new InvalidOperationException("inbox unavailable");
        var added = stored.TryAdd((message.Channel, message.ExternalId), message);
        if (added)
            lock (arrivals)
            {
                arrivals.Enqueue(message);
                var signal = storedSignal;
                storedSignal = NewSignal();
                signal.TrySetResult();
            }
        return Task.FromResult(added);
    }

    /// <summary>Waits for <paramref name="count"/> stored messages, woken by each one stored. The bound only catches a
    /// hang: it is generous, because a loaded machine may take seconds to start a host and take over a lease.</summary>
    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task signal;
            lock (arrivals) signal = storedSignal.Task;
            if (stored.Count >= count) return;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) throw new TimeoutException($"Inbox holds {stored.Count} messages, expected {count}.");
            await Task.WhenAny(signal, Task.Delay(left));
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
