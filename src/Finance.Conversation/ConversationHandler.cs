using Finance.Conversation.Commands;

namespace Finance.Conversation;

/// <summary>The bot's behaviour: routes one message to the command or booking it asks for.</summary>
public sealed class ConversationHandler(
    Booking booking, Undo undo, Summary summary, Subscriptions subscriptions, Budgets budgets,
    CategoryCorrection correction, Settings settings)
{
    public async Task<Answer> HandleAsync(Turn turn, CancellationToken cancellationToken) =>
        CommandName(turn.Text) switch
        {
            "/start" => Start(turn),
            "/help" => Answer.Text("answered", turn.Say.Help),
            "/undo" => await undo.HandleAsync(turn),
            "/summary" => await summary.HandleAsync(turn),
            "/subscriptions" or "/subs" => await subscriptions.HandleAsync(turn),
            "/budget" or "/budgets" => await budgets.HandleAsync(turn),
            "/category" => await correction.HandleAsync(turn),
            "/settings" => await settings.HandleAsync(turn),
            _ => await booking.HandleAsync(turn, cancellationToken),
        };

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
}
