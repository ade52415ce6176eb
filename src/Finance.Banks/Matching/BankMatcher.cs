using System.Globalization;
using Finance.Ledger.Transactions;

namespace Finance.Banks.Matching;

public enum MatchDecision { None, Ask, Link }

/// <summary>The best booking a bank row may confirm, how sure the matcher is, and why.</summary>
public sealed record MatchResult(MatchDecision Decision, BookedTransaction? Transaction, double Score, IReadOnlyList<string> Reasons)
{
    public static MatchResult Nothing { get; } = new(MatchDecision.None, null, 0, []);
}

/// <summary>
/// Decides whether a bank row is a booking already chatted, spoken or photographed. Candidates already
/// share amount, currency and direction and lie within <see cref="DayWindow"/> days (the store asks only
/// for those), so a refund (income) never matches the expense it refunds. The score starts at 0.6 for the
/// equal amount, adds up to 0.2 for the date (same day most) and up to 0.2 for the merchant (alike by
/// <see cref="MerchantSimilarity"/>; 0.08 when a side names no merchant). At <see cref="LinkAt"/> or above
/// the row is linked without asking; below, the user is asked with buttons.
/// </summary>
public static class BankMatcher
{
    public const int DayWindow = 3;
    public const double LinkAt = 0.85;

    public static MatchResult Decide(DateOnly date, string? merchant, string description, IEnumerable<BookedTransaction> candidates)
    {
        MatchResult best = MatchResult.Nothing;
        foreach (var candidate in candidates)
        {
            var result = Score(date, merchant, description, candidate);
            // Equal scores (two identical coffees) are interchangeable: the earliest booking is taken first.
            if (result.Score > best.Score || (result.Score == best.Score && candidate.Id < (best.Transaction?.Id ?? long.MaxValue)))
                best = result;
        }
        return best;
    }

    public static MatchResult Score(DateOnly date, string? merchant, string description, BookedTransaction candidate)
    {
        var reasons = new List<string> { $"same amount {candidate.Amount.ToString("0.00##", CultureInfo.InvariantCulture)} {candidate.Currency}" };
        var days = Math.Abs(date.DayNumber - candidate.LocalDate.DayNumber);
        if (days > DayWindow) return MatchResult.Nothing;
        var score = 0.6 + 0.2 * (DayWindow + 1 - days) / (DayWindow + 1);
        reasons.Add(days == 0 ? "same day" : $"{days} day{(days == 1 ? "" : "s")} apart");

        var theirs = candidate.Merchant ?? candidate.Description;
        var similarity = MerchantSimilarity.Of(merchant, theirs) is { } byName
            ? Math.Max(byName, MerchantSimilarity.Of(description, theirs) ?? 0)
            : MerchantSimilarity.Of(description, theirs);
        if (similarity is { } alike)
        {
            score += 0.2 * alike;
            reasons.Add(alike >= 0.99 ? $"merchant \"{theirs}\" is in \"{description}\""
                : alike > 0 ? $"merchant \"{theirs}\" is like \"{description}\" ({alike:0.00})"
                : $"merchant \"{theirs}\" differs from \"{description}\"");
        }
        else
        {
            score += 0.08;
            reasons.Add("no merchant to compare");
        }
        score = Math.Round(score, 3);
        return new(score >= LinkAt ? MatchDecision.Link : MatchDecision.Ask, candidate, score, reasons);
    }
}
