using System.Globalization;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Jobs.Scheduling;
using Finance.Ledger.Subscriptions;

namespace Finance.Jobs.Subscriptions;

/// <summary>Per context and scan: takes new charges of tracked subscriptions (the due date moves on, a changed
/// price gets a note), reminds N days before each due date, and offers to track what the history shows recurring.</summary>
public sealed class SubscriptionWatch(SubscriptionStore subscriptions)
{
    public const string ReminderKind = "subscription_reminder";
    public const string PriceChangeKind = "subscription_price";
    public const string SuggestionKind = "subscription_suggestion";

    public async Task RunAsync(ContextVisit visit)
    {
        var tracked = await subscriptions.ListAsync(visit.Session, includeCancelled: true);
        foreach (var subscription in tracked.Where(s => s.Status != "cancelled"))
        {
            var current = await TakeChargesAsync(visit, subscription);
            if (current.Status == "active") await RemindAsync(visit, current);
        }
        await SuggestAsync(visit, tracked);
    }

    private async Task<Subscription> TakeChargesAsync(ContextVisit visit, Subscription subscription)
    {
        // A charge counts from a little before its due date: banks and shops do not bill to the day.
        var earliest = subscription.NextDue.AddDays(subscription.Cadence switch
        {
            Cadences.Weekly => -2, Cadences.Yearly => -30, _ => -10,
        });
        var charges = await visit.Session.QueryAsync<(long Id, decimal Amount, DateOnly LocalDate)>("""
            SELECT id, amount, local_date FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND direction = 'expense'
              AND lower(merchant) = @Merchant AND currency = @Currency
              AND id > coalesce(@LastChargeId, 0) AND local_date >= @earliest
            ORDER BY local_date, id
            """, new { subscription.Merchant, subscription.Currency, subscription.LastChargeId, earliest });
        foreach (var (id, amount, date) in charges)
        {
            if (Math.Abs(amount - subscription.Amount) > subscription.Amount * 0.02m
                && await visit.ClaimAsync(PriceChangeKind, subscription.Id.ToString(CultureInfo.InvariantCulture), id.ToString(CultureInfo.InvariantCulture)))
            {
                var usual = subscription.Amount;
                await visit.TellEveryoneAsync(PriceChangeKind, language => new OutboundReply(string.Format(
                    Phrases.For(language).SubscriptionPriceChanged, subscription.Name,
                    MoneyText.Amount(amount, subscription.Currency, language), MoneyText.Amount(usual, subscription.Currency, language))));
            }
            var next = Cadences.Next(subscription.NextDue, subscription.Cadence);
            while (next <= date) next = Cadences.Next(next, subscription.Cadence);
            await subscriptions.RecordChargeAsync(visit.Session, subscription.Id, id, amount, next);
            subscription = subscription with { Amount = amount, NextDue = next, LastChargeId = id };
        }
        return subscription;
    }

    private static async Task RemindAsync(ContextVisit visit, Subscription subscription)
    {
        if (subscription.RemindDays == 0 || !visit.PastNoticeTime) return;
        var daysLeft = subscription.NextDue.DayNumber - visit.Today.DayNumber;
        if (daysLeft < 0 || daysLeft > subscription.RemindDays) return;
        if (!await visit.ClaimAsync(ReminderKind, subscription.Id.ToString(CultureInfo.InvariantCulture), subscription.NextDue.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)))
            return;
        await visit.TellEveryoneAsync(ReminderKind, language =>
        {
            var price = MoneyText.Amount(subscription.Amount, subscription.Currency, language);
            var when = MoneyText.Date(subscription.NextDue, visit.Today, language);
            var say = Phrases.For(language);
            return new OutboundReply(string.Format(MoneyText.Culture(language),
                daysLeft == 0 ? say.SubscriptionRenewsToday : say.SubscriptionRenews, subscription.Name, price, daysLeft, when));
        });
    }

    private static async Task SuggestAsync(ContextVisit visit, IReadOnlyList<Subscription> tracked)
    {
        var history = await visit.Session.QueryAsync<Charge>("""
            SELECT lower(merchant) AS merchant, amount, currency, local_date AS date FROM transactions
            WHERE context_id = app_context() AND deleted_at IS NULL AND direction = 'expense'
              AND merchant IS NOT NULL AND local_date >= @since
            """, new { since = visit.Today.AddDays(-SubscriptionDetector.LookbackDays) });
        foreach (var found in SubscriptionDetector.Detect(history, visit.Today))
        {
            if (tracked.Any(s => s.Merchant == found.Merchant)) continue;
            if (!await visit.ClaimAsync(SuggestionKind, found.Merchant, "once")) continue;
            var name = CultureInfo.InvariantCulture.TextInfo.ToTitleCase(found.Merchant);
            var amount = found.Amount.ToString("0.00", CultureInfo.InvariantCulture);
            // Callback data is at most 64 bytes on Telegram: the merchant is cut, never the amount or cadence.
            var track = $"/subs add {amount} {found.Currency} {found.Cadence} ";
            var ignore = "/subs ignore ";
            var merchant = found.Merchant.Length > 64 - track.Length ? found.Merchant[..(64 - track.Length)] : found.Merchant;
            await visit.TellEveryoneAsync(SuggestionKind, language =>
            {
                var price = MoneyText.Amount(found.Amount, found.Currency, language);
                var say = Phrases.For(language);
                var text = string.Format(say.SubscriptionFound, name, price, say.CadenceUnits.GetValueOrDefault(found.Cadence, found.Cadence));
                return new OutboundReply(text, [[
                    new ReplyButton(say.ButtonTrack, track + merchant),
                    new ReplyButton(say.ButtonNo, (ignore + merchant)[..Math.Min(64, ignore.Length + merchant.Length)]),
                ]]);
            });
        }
    }
}
