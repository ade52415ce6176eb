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

    /// <summary>"$12.00 + R$ 30,00": totals in several currencies are shown side by side, never converted.</summary>
    public static string Totals(IEnumerable<(string Currency, decimal Total)> totals, string baseCurrency, string language)
    {
        var parts = totals.Where(t => t.Total != 0).Select(t => Amount(t.Total, t.Currency, language)).ToList();
        return parts.Count == 0 ? Amount(0, baseCurrency, language) : string.Join(" + ", parts);
    }
}
