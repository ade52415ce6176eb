using System.Collections.Concurrent;
using Finance.Core;

namespace Finance.Channels.Tests.Telegram;

/// <summary>An in-memory inbox with the real one's contract (idempotent on channel + external id). The inbox is
/// not under test here; what the channel hands it is.</summary>
public sealed class RecordingInbox : IInbox
{
    private readonly ConcurrentDictionary<(string, string), InboundMessage> stored = new();
    private readonly ConcurrentQueue<InboundMessage> attempts = new();
    private int failuresLeft;

    public IReadOnlyCollection<InboundMessage> Stored => stored.Values.OrderBy(m => long.Parse(m.ExternalId)).ToArray();

    /// <summary>Every EnqueueAsync call, duplicates and failures included.</summary>
    public IReadOnlyCollection<InboundMessage> Attempts => attempts.ToArray();

    /// <summary>The next <paramref name="count"/> enqueues throw, as a database outage would.</summary>
    public void FailNext(int count) => Interlocked.Exchange(ref failuresLeft, count);

    public Task<bool> EnqueueAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        attempts.Enqueue(message);
        if (Interlocked.Decrement(ref failuresLeft) >= 0) throw new InvalidOperationException("inbox unavailable");
        return Task.FromResult(stored.TryAdd((message.Channel, message.ExternalId), message));
    }

    public async Task WaitForAsync(int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (stored.Count < count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Inbox holds {stored.Count} messages, expected {count}.");
            await Task.Delay(20);
        }
    }
}
