using System.Globalization;
using System.Text;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Subscriptions;

namespace Finance.Conversation.Commands;

/// <summary>/subscriptions: lists tracked subscriptions with their next due dates and the monthly total;
/// <c>add AMOUNT [CURRENCY] CADENCE NAME</c>, <c>cancel|pause|resume NAME</c>, <c>remind NAME DAYS</c>,
/// <c>ignore NAME</c> (the "no" of a detected one). "netflix 55.90 monthly" in free text tracks one too.</summary>
public sealed class Subscriptions(SubscriptionStore subscriptions)
{
    private static readonly Dictionary<string, string> CadenceWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["weekly"] = Cadences.Weekly, ["semanal"] = Cadences.Weekly,
        ["monthly"] = Cadences.Monthly, ["mensal"] = Cadences.Monthly,
        ["yearly"] = Cadences.Yearly, ["annual"] = Cadences.Yearly, ["anual"] = Cadences.Yearly,
    };

    /// <summary>The cadence a message names ("netflix 55.90 monthly"), or null.</summary>
    public static string? CadenceIn(string text) =>
        text.Split([' ', ',', '.', '!', '\n'], StringSplitOptions.RemoveEmptyEntries)
            .Select(w => CadenceWords.GetValueOrDefault(w)).FirstOrDefault(c => c is not null);

    public static string CadenceText(string cadence, string language) =>
        Phrases.For(language).Cadences.GetValueOrDefault(cadence) ?? cadence;

    public async Task<Answer> HandleAsync(Turn turn)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0) return await ListAsync(turn);

        var verb = words[0].ToLowerInvariant();
        var name = string.Join(' ', words.Skip(1));
        if (verb is "ignore" or "ignorar")
            return Answer.Text("answered", turn.Say.SubscriptionIgnored);
        if (!turn.Member.CanWrite)
            return Answer.Text("refused", string.Format(turn.Say.ViewerCannotBook, turn.Member.Context.Name));

        switch (verb)
        {
            case "add" or "track" or "adicionar":
                return await AddAsync(turn, words.Skip(1).ToArray());
            case "cancel" or "cancelar" or "pause" or "pausar" or "resume" or "retomar":
                var status = verb switch { "cancel" or "cancelar" => "cancelled", "pause" or "pausar" => "paused", _ => "active" };
                if (!await subscriptions.SetStatusAsync(turn.Session, name, status)) return NotFound(turn, name);
                return Answer.Text("answered", turn.Format(status switch
                {
                    "cancelled" => turn.Say.SubscriptionStopped,
                    "paused" => turn.Say.SubscriptionPaused,
                    _ => turn.Say.SubscriptionResumed,
                }, name));
            case "remind" or "lembrar" when words.Length >= 3
                && int.TryParse(words[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days <= 60:
                var subscription = await subscriptions.FindAsync(turn.Session, string.Join(' ', words[1..^1]));
                if (subscription is null) return NotFound(turn, string.Join(' ', words[1..^1]));
                await subscriptions.SetRemindDaysAsync(turn.Session, subscription.Id, days);
                return Answer.Text("answered", turn.Format(turn.Say.SubscriptionRemind, subscription.Name, days));
            default:
                return Answer.Text("answered", turn.Say.SubscriptionsUsage);
        }
    }

    /// <summary>"netflix 55.90 monthly": tracked, not booked; the first charge is due one cadence after the message's date.</summary>
    public async Task<Answer> TrackAsync(Turn turn, ParsedTransaction item, string cadence)
    {
        var name = Booking.Title(item.Merchant ?? item.Description ?? "?");
        var nextDue = Cadences.Next(item.Date, cadence);
        var tracked = await subscriptions.TrackAsync(turn.Session, name, item.Amount, item.Currency, cadence, nextDue);
        return Answer.Text("tracked", Tracked(turn, tracked));
    }

    private async Task<Answer> AddAsync(Turn turn, string[] words)
    {
        decimal? amount = null;
        string? currency = null, cadence = null;
        var name = new List<string>();
        foreach (var word in words)
        {
            if (amount is null && decimal.TryParse(word.Replace(',', '.'), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value > 0)
                amount = value;
            else if (cadence is null && CadenceWords.TryGetValue(word, out var c)) cadence = c;
            else if (currency is null && word.Length == 3 && word.All(char.IsAsciiLetterUpper)) currency = word;
            else name.Add(word);
        }
        if (amount is null || cadence is null || name.Count == 0)
            return Answer.Text("answered", turn.Say.SubscriptionExample);
        var tracked = await subscriptions.TrackAsync(turn.Session, Booking.Title(string.Join(' ', name)), amount.Value,
            currency ?? turn.Member.Context.BaseCurrency, cadence, Cadences.Next(turn.Today, cadence));
        return Answer.Text("tracked", Tracked(turn, tracked));
    }

    private static string Tracked(Turn turn, Subscription s) => turn.Format(turn.Say.Tracked, s.Name,
        turn.Money(s.Amount, s.Currency), CadenceText(s.Cadence, turn.Language), MoneyText.Day(s.NextDue, turn.Language), s.RemindDays);

    private async Task<Answer> ListAsync(Turn turn)
    {
        var all = await subscriptions.ListAsync(turn.Session);
        if (all.Count == 0)
            return Answer.Text("answered", turn.Say.NoSubscriptions);
        var text = new StringBuilder(turn.Format(turn.Say.SubscriptionsTitle, turn.Member.Context.Name));
        foreach (var s in all)
            text.Append("\n• ").Append(s.Status == "paused" ? "⏸️ " : "").Append(s.Name).Append(' ')
                .Append(turn.Money(s.Amount, s.Currency)).Append(' ').Append(CadenceText(s.Cadence, turn.Language))
                .Append(" · ").Append(turn.Format(turn.Say.SubscriptionNext, MoneyText.Day(s.NextDue, turn.Language, s.NextDue.Year == turn.Today.Year)));
        var monthly = all.Where(s => s.Status == "active").GroupBy(s => s.Currency).Select(g => (g.Key, g.Sum(s => s.MonthlyAmount)));
        text.Append('\n').Append(turn.Format(turn.Say.MonthlyTotal, MoneyText.Totals(monthly, turn.Member.Context.BaseCurrency, turn.Language)));
        return Answer.Text("answered", text.ToString());
    }

    private static Answer NotFound(Turn turn, string name) => Answer.Text("answered", turn.Format(turn.Say.SubscriptionNotFound, name));
}
