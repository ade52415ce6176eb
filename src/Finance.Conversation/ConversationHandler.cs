using System.Globalization;
using Finance.Conversation.Commands;
using Finance.Ledger.Contexts;
using Finance.Understanding.Parsing;

namespace Finance.Conversation;

/// <summary>The bot's behaviour: routes one message to the command or booking it asks for.</summary>
public sealed class ConversationHandler(
    Booking booking,
    Undo undo,
    Summary summary,
    Subscriptions subscriptions,
    Budgets budgets,
    CategoryCorrection correction,
    Corrections corrections,
    Settings settings,
    Contexts contexts,
    Move move,
    Statements statements,
    Export export,
    ReceiptBooking receipts,
    Bank bank,
    MemberStore members)
{
    public async Task<Answer> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        if (turn.Text.StartsWith('#') && await ElsewhereAsync(turn) is { } elsewhere) turn = elsewhere;
        else if (turn.Text.StartsWith('#'))
            return Answer.Text("answered", turn.Format(turn.Say.ContextUnknown, HashTag(turn.Text)));

        // In a group the bot answers commands, mentions, replies to itself and what could be an expense; the
        // rest of the group's talk is not for it.
        if (turn.Message is { InGroup: true, Addressed: false } && CommandName(turn.Text) == ""
            && !MessageTokenizer.Tokenize(turn.Text).Any(t => t.IsNumber))
            return Answer.Silent("not_for_the_bot");

        return CommandName(turn.Text) switch
        {
            "/start" => Start(turn),
            "/help" or "/ajuda" => Answer.Text("answered", turn.Say.Help),
            "/undo" or "/desfazer" => await undo.HandleAsync(turn),
            "/summary" or "/resumo" => await summary.HandleAsync(turn),
            "/subscriptions" or "/subs" or "/assinaturas" => await subscriptions.HandleAsync(turn),
            "/budget" or "/budgets" or "/orcamento" => await budgets.HandleAsync(turn),
            "/category" or "/categoria" => await correction.HandleAsync(turn),
            "/settings" or "/config" => await settings.HandleAsync(turn),
            "/context" or "/contexto" => await contexts.ContextAsync(turn),
            "/invite" or "/convidar" => await contexts.InviteAsync(turn),
            "/join" or "/entrar" => await contexts.JoinAsync(turn),
            "/move" or "/mover" => await move.HandleAsync(turn),
            "/edit" => await corrections.EditAsync(turn),
            "/add" => await booking.AddAsync(turn),
            "/as" => await booking.AsAsync(turn, cancellationToken),
            "/again" => await booking.HandleAsync(turn with { Text = Argument(turn.Text) }, cancellationToken, again: true),
            "/skip" => Answer.Text("answered", turn.Say.NotBookedAgain),
            "/receipt" => await receipts.AgainAsync(turn),
            "/restore" => await corrections.RestoreAsync(turn),
            "/import" or "/importar" => await statements.ConfirmAsync(turn),
            "/bankmatch" => await statements.AnswerMatchAsync(turn),
            "/export" or "/exportar" => await export.HandleAsync(turn),
            "/bank" or "/banks" or "/banco" or "/bancos" => await bank.HandleAsync(turn, cancellationToken),
            "" => await corrections.TryHandleAsync(turn) ?? await booking.HandleAsync(turn, cancellationToken),
            _ => Answer.Text("answered", turn.Say.UnknownCommand),
        };
    }

    /// <summary>"#trip taxi 30" books one message into the user's context named trip.</summary>
    private async Task<Turn?> ElsewhereAsync(Turn turn)
    {
        var target = await contexts.FindAsync(turn, HashTag(turn.Text));
        if (target is null) return null;
        var member = await members.SwitchAsync(turn.Session, turn.Member, target.Id);
        return member is null ? null : turn with { Member = member, Text = Argument(turn.Text) };
    }

    private static string HashTag(string text) => text.TrimStart('#').Split(' ', 2)[0];

    private static Answer Start(Turn turn)
    {
        var name = string.IsNullOrWhiteSpace(turn.Member.DisplayName) ? "" : " " + turn.Member.DisplayName;
        var context = turn.Member.Context;
        return Answer.Text("answered", string.Format(turn.Say.Welcome, name, context.Name, context.BaseCurrency)
            + "\n\n" + turn.Say.Help);
    }

    /// <summary>"/undo@FinanceBot now" → "/undo"; anything that is not a command → "".</summary>
    internal static string CommandName(string text)
    {
        var trimmed = text.TrimStart();
        if (!trimmed.StartsWith('/')) return "";
        var end = trimmed.IndexOfAny([' ', '\n', '@']);
        return (end < 0 ? trimmed : trimmed[..end]).ToLowerInvariant();
    }

    internal static string Argument(string text)
    {
        var trimmed = text.Trim();
        var space = trimmed.IndexOfAny([' ', '\n']);
        return space < 0 ? "" : trimmed[(space + 1)..].Trim();
    }

    /// <summary>The booking a button names: "/undo 123" → 123; none → null (the user's latest).</summary>
    internal static long? BookingId(string text) =>
        long.TryParse(Argument(text).Split(' ', 2)[0], NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
