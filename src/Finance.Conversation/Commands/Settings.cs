using Finance.Ledger.Contexts;

namespace Finance.Conversation.Commands;

/// <summary>/settings [language en|pt | currency CODE | timezone ZONE]: shows or changes the user's
/// language and the active context's base currency and time zone (the latter two: owners only).</summary>
public sealed class Settings(MemberStore members, ContextStore contexts)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var pt = turn.Language == "pt";
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var context = turn.Member.Context;
        if (words.Length != 2)
            return Answer.Text("answered", pt
                ? $"⚙️ Idioma: {turn.Language} · moeda de \"{context.Name}\": {context.BaseCurrency} · fuso: {context.TimeZone}\nMude com /settings language en|pt, /settings currency EUR ou /settings timezone Europe/Lisbon."
                : $"⚙️ Language: {turn.Language} · \"{context.Name}\" currency: {context.BaseCurrency} · time zone: {context.TimeZone}\nChange with /settings language en|pt, /settings currency EUR or /settings timezone Europe/London.");

        var (setting, value) = (words[0].ToLowerInvariant(), words[1]);
        if (setting is "language" or "idioma")
        {
            var language = value.ToLowerInvariant() switch { "pt" or "pt-br" or "português" or "portugues" => "pt", "en" or "english" or "inglês" => "en", _ => null };
            if (language is null) return Answer.Text("answered", pt ? "Idiomas: en, pt." : "Languages: en, pt.");
            await members.SetLanguageAsync(turn.Session, turn.Member.UserId, language);
            return Answer.Text("answered", language == "pt" ? "✅ Vou falar português." : "✅ I'll speak English.");
        }
        if (turn.Member.Role != "owner")
            return Answer.Text("refused", pt ? "Só o dono do contexto muda moeda e fuso." : "Only the context's owner can change its currency and time zone.");
        if (setting is "currency" or "moeda")
        {
            var code = value.ToUpperInvariant();
            if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
                return Answer.Text("answered", pt ? "Use um código ISO de 3 letras, como BRL ou EUR." : "Use a 3-letter ISO code such as USD or EUR.");
            await contexts.SetCurrencyAsync(turn.Session, code);
            return Answer.Text("answered", pt ? $"✅ Moeda de \"{context.Name}\": {code}." : $"✅ \"{context.Name}\" now books in {code} by default.");
        }
        if (setting is "timezone" or "fuso")
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone))
                return Answer.Text("answered", pt ? "Fuso desconhecido. Exemplo: America/Sao_Paulo." : "Unknown time zone. Example: Europe/London.");
            await contexts.SetTimeZoneAsync(turn.Session, zone.Id);
            return Answer.Text("answered", pt ? $"✅ Fuso de \"{context.Name}\": {zone.Id}." : $"✅ \"{context.Name}\" now uses {zone.Id}.");
        }
        return Answer.Text("answered", pt ? "Use language, currency ou timezone." : "Use language, currency or timezone.");
    }
}
