using Finance.Ledger.Contexts;

namespace Finance.Conversation.Commands;

/// <summary>/context (list, new, use), /invite and /join: contexts shared across people and channels.</summary>
public sealed class Contexts(ContextStore contexts)
{
    private static readonly TimeSpan InviteLifetime = TimeSpan.FromHours(48);

    public async Task<Answer> ContextAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var verb = words.FirstOrDefault()?.ToLowerInvariant();
        return verb switch
        {
            "new" or "nova" or "novo" when words.Length >= 2 => await CreateAsync(turn, words[1..]),
            "use" or "usar" when words.Length >= 2 => await UseAsync(turn, string.Join(' ', words[1..])),
            _ => await ListAsync(turn),
        };
    }

    private async Task<Answer> ListAsync(Turn turn)
    {
        var mine = await contexts.ListAsync(turn.Session);
        var lines = mine.Select(c => $"{(c.Id == turn.Member.Context.Id ? "▶" : "•")} {c.Name} ({c.BaseCurrency}, {c.Role})");
        var text = turn.Say.ContextsTitle + "\n" + string.Join('\n', lines) + "\n" + turn.Say.ContextsHelp;
        return new Answer("answered", new Core.OutboundReply(text, mine.Where(c => c.Id != turn.Member.Context.Id)
            .Select(c => (IReadOnlyList<Core.ReplyButton>)[new Core.ReplyButton("▶ " + c.Name, "/context use " + c.Name)]).ToList()));
    }

    private async Task<Answer> CreateAsync(Turn turn, string[] words)
    {
        var currency = words.Length > 1 && words[^1].Length == 3 && words[^1].All(char.IsAsciiLetter)
            ? words[^1].ToUpperInvariant() : turn.Member.Context.BaseCurrency;
        var name = string.Join(' ', currency == words[^1].ToUpperInvariant() && words.Length > 1 ? words[..^1] : words);
        if (name.Length > 40) return Answer.Text("answered", turn.Say.ContextNameTooLong);
        if ((await contexts.ListAsync(turn.Session)).Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            return Answer.Text("answered", turn.Format(turn.Say.ContextExists, name));
        await contexts.CreateAsync(turn.Session, name, KindOf(name), currency, turn.Member.Context.TimeZone);
        return Answer.Text("answered", turn.Format(turn.Say.ContextCreated, name, currency));
    }

    private async Task<Answer> UseAsync(Turn turn, string name)
    {
        var target = await FindAsync(turn, name);
        if (target is null)
            return Answer.Text("answered", turn.Format(turn.Say.ContextUnknown, name));
        await contexts.UseAsync(turn.Session, target.Id);
        return Answer.Text("answered", turn.Format(turn.Say.ContextSwitched, target.Name, target.BaseCurrency));
    }

    public async Task<ContextMembership?> FindAsync(Turn turn, string name) =>
        (await contexts.ListAsync(turn.Session)).FirstOrDefault(c =>
            string.Equals(Fold(c.Name), Fold(name), StringComparison.OrdinalIgnoreCase));

    public async Task<Answer> InviteAsync(Turn turn)
    {
        if (turn.Member.Role != "owner")
            return Answer.Text("refused", turn.Say.OnlyOwnerInvites);
        var role = ConversationHandler.Argument(turn.Text).ToLowerInvariant() is "viewer" or "leitor" ? "viewer" : "editor";
        var code = await contexts.InviteAsync(turn.Session, role, InviteLifetime);
        return Answer.Text("answered", turn.Format(turn.Say.InviteCode, turn.Member.Context.Name, role, code));
    }

    public async Task<Answer> JoinAsync(Turn turn)
    {
        var code = ConversationHandler.Argument(turn.Text);
        if (code.Length == 0) return Answer.Text("answered", turn.Say.JoinUsage);
        var (result, contextId) = await contexts.JoinAsync(turn.Session, code);
        if (result == JoinResult.UnknownOrExpired)
            return Answer.Text("answered", turn.Say.JoinUnknown);
        var joined = (await contexts.ListAsync(turn.Session)).First(c => c.Id == contextId);
        return Answer.Text("joined", turn.Format(turn.Say.Joined, joined.Name, joined.Role));
    }

    private static string KindOf(string name) => Fold(name) switch
    {
        var n when n.Contains("famil") => "family",
        var n when n.Contains("trip") || n.Contains("viage") || n.Contains("travel") => "trip",
        _ => "project",
    };

    private static string Fold(string text) =>
        new string(text.Normalize(System.Text.NormalizationForm.FormD)
            .Where(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
            .ToArray()).Trim().ToLowerInvariant();
}
