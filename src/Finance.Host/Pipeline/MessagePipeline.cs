using Finance.Conversation;
using Finance.Core;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Finance.Ledger.Inbox;
using Npgsql;

namespace Finance.Host.Pipeline;

/// <summary>One message's whole way: to text → understand and handle in a ledger session → the reply
/// is recorded with the booking in one transaction, so a message is booked at most once.</summary>
public sealed class MessagePipeline(
    NpgsqlDataSource database, MemberStore members, ConversationHandler conversation, InboxStore inbox, TimeProvider time)
{
    public async Task<Answer> HandleAsync(InboxItem item, CancellationToken cancellationToken)
    {
        var message = item.Message;
        await using var session = await LedgerSession.BeginAsync(database, cancellationToken);
        var member = await members.EnterAsync(session, message);
        var text = ToText(message);
        var answer = text is null
            ? Answer.Text("unsupported", member.Language == "pt"
                ? "Por enquanto eu só leio mensagens de texto. Escreva, por exemplo: café 4,50"
                : "For now I can only read text messages. Type it instead, e.g.: coffee 4.50")
            : await conversation.HandleAsync(new Turn(session, member, message, text, time.GetUtcNow()), cancellationToken);
        await inbox.AnsweredAsync(session, item.Id, answer.Outcome, answer.Reply);
        await session.CommitAsync();
        return answer;
    }

    private static string? ToText(InboundMessage message) =>
        message.CallbackData ?? (string.IsNullOrWhiteSpace(message.Text) ? null : message.Text);
}
