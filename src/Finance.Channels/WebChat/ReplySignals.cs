namespace Finance.Channels.WebChat;

/// <summary>This host's open event streams, by chat, and the signal that wakes them when a reply may have come.
/// Only a hint: a stream always reads what is new from <see cref="WebChatReplies"/>, so a lost or extra wake-up
/// costs a query, never a reply.</summary>
public sealed class ReplySignals
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, Chat> chats = new(StringComparer.Ordinal);

    /// <summary>Registers a stream of the chat until the returned listener is disposed.</summary>
    public Listener Listen(string chatId)
    {
        lock (gate)
        {
            if (!chats.TryGetValue(chatId, out var chat)) chats[chatId] = chat = new Chat();
            chat.Listeners++;
            return new Listener(this, chatId, chat);
        }
    }

    public void Wake(string chatId)
    {
        TaskCompletionSource? woken = null;
        lock (gate)
            if (chats.TryGetValue(chatId, out var chat)) (woken, chat.Arrived) = (chat.Arrived, NewSignal());
        woken?.TrySetResult();
    }

    /// <summary>Wakes every stream: after the listening connection was lost, a notification may have been missed.</summary>
    public void WakeAll()
    {
        List<TaskCompletionSource> woken;
        lock (gate)
        {
            woken = chats.Values.Select(c => c.Arrived).ToList();
            foreach (var chat in chats.Values) chat.Arrived = NewSignal();
        }
        foreach (var signal in woken) signal.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal sealed class Chat
    {
        public TaskCompletionSource Arrived = NewSignal();
        public int Listeners;
    }

    public sealed class Listener : IDisposable
    {
        private readonly ReplySignals owner;
        private readonly string chatId;
        private readonly Chat chat;
        private bool disposed;

        internal Listener(ReplySignals owner, string chatId, Chat chat) => (this.owner, this.chatId, this.chat) = (owner, chatId, chat);

        /// <summary>Completes at the next wake-up. Take it before reading the replies, so none slips in between.</summary>
        public Task Next()
        {
            lock (owner.gate) return chat.Arrived.Task;
        }

        public void Dispose()
        {
            lock (owner.gate)
            {
                if (disposed) return;
                disposed = true;
                if (--chat.Listeners == 0) owner.chats.Remove(chatId);
            }
        }
    }
}
