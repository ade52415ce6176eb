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
        var text = turn.Pick("Your contexts:", "Seus contextos:") + "\n" + string.Join('\n', lines) + "\n"
            + turn.Pick("New: /context new Family BRL · switch: /context use Family · share: /invite · one message elsewhere: #family taxi 30",
                "Novo: /context new Família BRL · trocar: /context use Família · compartilhar: /invite · uma mensagem em outro: #família táxi 30");
        return new Answer("answered", new Core.OutboundReply(text, mine.Where(c => c.Id != turn.Member.Context.Id)
            .Select(c => (IReadOnlyList<Core.ReplyButton>)[new Core.ReplyButton("▶ " + c.Name, "/context use " + c.Name)]).ToList()));
    }

    private async Task<Answer> CreateAsync(Turn turn, string[] words)
    {
        var currency = words.Length > 1 && words[^1].Length == 3 && words[^1].All(char.IsAsciiLetter)
            ? words[^1].ToUpperInvariant() : turn.Member.Context.BaseCurrency;
        var name = string.Join(' ', currency == words[^1].ToUpperInvariant() && words.Length > 1 ? words[..^1] : words);
        if (name.Length > 40) return Answer.Text("answered", turn.Pick("That name is too long.", "Esse nome é longo demais."));
        if ((await contexts.ListAsync(turn.Session)).Any(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase)))
            return Answer.Text("answered", turn.Pick($"You already have \"{name}\".", $"Você já tem \"{name}\"."));
        await contexts.CreateAsync(turn.Session, name, KindOf(name), currency, turn.Member.Context.TimeZone);
        return Answer.Text("answered", turn.Pick(
            $"✅ Created \"{name}\" ({currency}) and switched to it. /invite makes a code for others to join.",
            $"✅ Criei \"{name}\" ({currency}) e passei a usá-lo. /invite gera um código para outras pessoas entrarem."));
    }

    private async Task<Answer> UseAsync(Turn turn, string name)
    {
        var target = await FindAsync(turn, name);
        if (target is null)
            return Answer.Text("answered", turn.Pick($"You have no context called \"{name}\". /context lists them.",
                $"Você não tem um contexto chamado \"{name}\". /context mostra a lista."));
        await contexts.UseAsync(turn.Session, target.Id);
        return Answer.Text("answered", turn.Pick($"▶ Now booking into \"{target.Name}\" ({target.BaseCurrency}).",
            $"▶ Agora os lançamentos vão para \"{target.Name}\" ({target.BaseCurrency})."));
    }

    public async Task<ContextMembership?> FindAsync(Turn turn, string name) =>
        (await contexts.ListAsync(turn.Session)).FirstOrDefault(c =>
            string.Equals(Fold(c.Name), Fold(name), StringComparison.OrdinalIgnoreCase));

    public async Task<Answer> InviteAsync(Turn turn)
    {
        if (turn.Member.Role != "owner")
            return Answer.Text("refused", turn.Pick("Only the context's owner can invite.", "Só o dono do contexto pode convidar."));
        var role = ConversationHandler.Argument(turn.Text).ToLowerInvariant() is "viewer" or "leitor" ? "viewer" : "editor";
        var code = await contexts.InviteAsync(turn.Session, role, InviteLifetime);
        return Answer.Text("answered", turn.Pick(
            $"🔑 Code for \"{turn.Member.Context.Name}\" ({role}): {code}\nThe other person sends /join {code} to me — on Telegram, WhatsApp or the web chat. It works once, for 48 hours.",
            $"🔑 Código para \"{turn.Member.Context.Name}\" ({role}): {code}\nA outra pessoa me envia /join {code} — no Telegram, WhatsApp ou chat web. Vale uma vez, por 48 horas."));
    }

    public async Task<Answer> JoinAsync(Turn turn)
    {
        var code = ConversationHandler.Argument(turn.Text);
        if (code.Length == 0) return Answer.Text("answered", turn.Pick("Send /join CODE.", "Envie /join CÓDIGO."));
        var (result, contextId) = await contexts.JoinAsync(turn.Session, code);
        if (result == JoinResult.UnknownOrExpired)
            return Answer.Text("answered", turn.Pick("That code is unknown, used or expired. Ask for a new /invite.",
                "Esse código não existe, já foi usado ou expirou. Peça um novo /invite."));
        var joined = (await contexts.ListAsync(turn.Session)).First(c => c.Id == contextId);
        return Answer.Text("joined", turn.Pick(
            $"🤝 You're in \"{joined.Name}\" as {joined.Role}; your bookings go there now. /context use Personal switches back.",
            $"🤝 Você entrou em \"{joined.Name}\" como {joined.Role}; seus lançamentos vão para lá agora. /context use Personal volta."));
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
