namespace Finance.Channels.WebChat;

/// <summary>The latest replies of one chat, kept for its browser: delivered live to an open event stream and
/// replayed (from the page's cursor) to one that reconnects.</summary>
public sealed class ChatMailbox(int capacity, TimeProvider time)
{
    private readonly Lock gate = new();
    private readonly Queue<WebChatReply> held = new();
    private TaskCompletionSource arrived = NewSignal();
    private long lastId;
    private int listeners;

    public DateTimeOffset LastActive { get; private set; } = time.GetUtcNow();

    public bool HasListeners => Volatile.Read(ref listeners) > 0;

    public WebChatReply Add(Func<long, WebChatReply> reply)
    {
        TaskCompletionSource wake;
        WebChatReply added;
        lock (gate)
        {
            // Milliseconds since the epoch as a floor keep ids increasing after a restart emptied the mailbox,
            // so a page whose cursor came from the previous process still sees the new replies.
            lastId = Math.Max(lastId + 1, time.GetUtcNow().ToUnixTimeMilliseconds());
            added = reply(lastId);
            held.Enqueue(added);
            while (held.Count > capacity) held.Dequeue();
            LastActive = time.GetUtcNow();
            (wake, arrived) = (arrived, NewSignal());
        }
        wake.SetResult();
        return added;
    }

    /// <summary>Replies newer than <paramref name="afterId"/>, waiting up to <paramref name="maxWait"/> for one;
    /// empty when none came.</summary>
    public async Task<IReadOnlyList<WebChatReply>> NextAsync(long afterId, TimeSpan maxWait, CancellationToken cancellationToken)
    {
        Task signal;
        lock (gate)
        {
            LastActive = time.GetUtcNow();
            var newer = held.Where(r => r.Id > afterId).ToList();
            if (newer.Count > 0) return newer;
            signal = arrived.Task;
        }
        try
        {
            await signal.WaitAsync(maxWait, time, cancellationToken);
        }
        catch (TimeoutException)
        {
            return [];
        }
        lock (gate) return held.Where(r => r.Id > afterId).ToList();
    }

    /// <summary>Marks an open event stream, so the mailbox is not forgotten while a browser listens.</summary>
    public IDisposable Listen()
    {
        Interlocked.Increment(ref listeners);
        return new Listener(this);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private sealed class Listener(ChatMailbox mailbox) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Interlocked.Decrement(ref mailbox.listeners);
        }
    }
}
