using System.Globalization;

namespace Finance.Conversation.Replies;

/// <summary>Amounts, dates and categories as a person reads them in their language (see <see cref="Phrases"/>).</summary>
public static class MoneyText
{
    public static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(Phrases.For(language).Culture);

    public static string Amount(decimal amount, string currency, string language)
    {
        var digits = currency is "JPY" or "KRW" or "CLP" or "ISK" ? 0 : 2;
        var number = amount.ToString("N" + digits, Culture(language));
        return Phrases.For(language).CurrencySymbols.TryGetValue(currency, out var symbol) ? symbol + number : $"{currency} {number}";
    }

    /// <summary>"today", "yesterday", else the calendar day.</summary>
    public static string Date(DateOnly date, DateOnly today, string language)
    {
        if (date == today) return Phrases.For(language).Today;
        if (date == today.AddDays(-1)) return Phrases.For(language).Yesterday;
        return Day(date, language, date.Year == today.Year);
    }

    /// <summary>"Nov 20" / "20/11", with the year when it is not the current one.</summary>
    public static string Day(DateOnly date, string language, bool omitYear = true)
    {
        var say = Phrases.For(language);
        return date.ToString(omitYear ? say.DayFormat : say.DayWithYearFormat, Culture(language));
    }

    public static string Category(string category, string language) =>
        Phrases.For(language).Categories.GetValueOrDefault(category) ?? category.Replace('_', ' ');

    /// <summary>Totals in the base currency: one amount when all are in it; "$148.60 ($100.00 + €45.00 ≈ $48.60)"
    /// when the others converted at their dates' rates; side by side, saying which rate is missing, otherwise.</summary>
    public static string Converted(IEnumerable<(string Currency, decimal Total, decimal? InBase)> totals, string baseCurrency, string language)
    {
        var parts = totals.Where(t => t.Total != 0).GroupBy(t => t.Currency)
            .Select(g => (Currency: g.Key, Total: g.Sum(t => t.Total), InBase: g.All(t => t.InBase is not null) ? g.Sum(t => t.InBase) : null))
            .OrderBy(p => p.Currency != baseCurrency).ThenByDescending(p => p.InBase ?? p.Total).ToList();
        if (parts.Count == 0) return Amount(0, baseCurrency, language);
        if (parts.All(p => p.Currency == baseCurrency)) return Amount(parts.Sum(p => p.Total), baseCurrency, language);
        var missing = parts.Where(p => p.InBase is null).Select(p => p.Currency).ToList();
        if (missing.Count > 0)
            return string.Join(" + ", parts.Select(p => Amount(p.Total, p.Currency, language))) + " " +
                   string.Format(Culture(language), Phrases.For(language).NoRates, string.Join(", ", missing));
        return Amount(parts.Sum(p => p.InBase!.Value), baseCurrency, language) + " (" + string.Join(" + ", parts.Select(p =>
            p.Currency == baseCurrency ? Amount(p.Total, p.Currency, language)
                : $"{Amount(p.Total, p.Currency, language)} ≈ {Amount(p.InBase!.Value, baseCurrency, language)}")) + ")";
    }

    /// <summary>"$12.00 + R$ 30,00": totals in several currencies side by side.</summary>
    public static string Totals(IEnumerable<(string Currency, decimal Total)> totals, string baseCurrency, string language)
    {
        var parts = totals.Where(t => t.Total != 0).Select(t => Amount(t.Total, t.Currency, language)).ToList();
        return parts.Count == 0 ? Amount(0, baseCurrency, language) : string.Join(" + ", parts);
    }
}
