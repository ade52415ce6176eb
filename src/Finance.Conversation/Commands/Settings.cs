using Finance.Conversation.Replies;
using Finance.Ledger.Contexts;

namespace Finance.Conversation.Commands;

/// <summary>/settings [language en|pt | currency CODE | timezone ZONE]: shows or changes the user's
/// language and the active context's base currency and time zone (the latter two: owners only).</summary>
public sealed class Settings(MemberStore members, ContextStore contexts)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var context = turn.Member.Context;
        if (words.Length != 2)
            return Answer.Text("answered", turn.Format(turn.Say.SettingsShow, turn.Language, context.Name, context.BaseCurrency, context.TimeZone));

        var (setting, value) = (words[0].ToLowerInvariant(), words[1]);
        if (setting is "language" or "idioma")
        {
            var language = Phrases.LanguageNamed(value);
            if (language is null) return Answer.Text("answered", turn.Format(turn.Say.LanguageUsage, string.Join(", ", Phrases.Languages)));
            await members.SetLanguageAsync(turn.Session, turn.Member.UserId, language);
            return Answer.Text("answered", Phrases.For(language).LanguageSet);
        }
        if (turn.Member.Role != "owner")
            return Answer.Text("refused", turn.Say.OnlyOwnerSettings);
        if (setting is "currency" or "moeda")
        {
            var code = value.ToUpperInvariant();
            if (code.Length != 3 || !code.All(char.IsAsciiLetterUpper))
                return Answer.Text("answered", turn.Say.CurrencyInvalid);
            await contexts.SetCurrencyAsync(turn.Session, code);
            return Answer.Text("answered", turn.Format(turn.Say.CurrencySet, context.Name, code));
        }
        if (setting is "timezone" or "fuso")
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(value, out var zone))
                return Answer.Text("answered", turn.Say.TimeZoneUnknown);
            await contexts.SetTimeZoneAsync(turn.Session, zone.Id);
            return Answer.Text("answered", turn.Format(turn.Say.TimeZoneSet, context.Name, zone.Id));
        }
        return Answer.Text("answered", turn.Say.SettingsUsage);
    }
}
