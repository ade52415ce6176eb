using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WebChat;

/// <summary>Every chat's <see cref="ChatMailbox"/>, in this process's memory. Bounded: past
/// <see cref="WebChatOptions.MaxChats"/> the chats idle the longest (with no browser listening) are forgotten.
/// A second host would not see these replies: the web chat is for one host.</summary>
public sealed class WebChatMailboxes(IOptions<WebChatOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, ChatMailbox> mailboxes = new();
    private readonly Lock trimming = new();

    public ChatMailbox For(string chatId)
    {
        if (mailboxes.TryGetValue(chatId, out var mailbox)) return mailbox;
        mailbox = mailboxes.GetOrAdd(chatId, _ => new ChatMailbox(options.Value.RepliesPerChat, time));
        if (mailboxes.Count > options.Value.MaxChats) Trim();
        return mailbox;
    }

    public int Count => mailboxes.Count;

    private void Trim()
    {
        lock (trimming)
        {
            var excess = mailboxes.Count - options.Value.MaxChats;
            if (excess <= 0) return;
            // A tenth more than needed, so a full table is not scanned on every new chat.
            var forget = mailboxes
                .Where(m => !m.Value.HasListeners)
                .OrderBy(m => m.Value.LastActive)
                .Take(excess + options.Value.MaxChats / 10)
                .Select(m => m.Key)
                .ToList();
            foreach (var chatId in forget) mailboxes.TryRemove(chatId, out _);
        }
    }
}
