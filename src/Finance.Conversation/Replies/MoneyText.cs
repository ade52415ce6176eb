using System.Globalization;

namespace Finance.Conversation.Replies;

/// <summary>Amounts, dates and categories as a person reads them in English or Portuguese.</summary>
public static class MoneyText
{
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");
    private static readonly CultureInfo Portuguese = CultureInfo.GetCultureInfo("pt-BR");

    public static CultureInfo Culture(string language) => language == "pt" ? Portuguese : English;

    public static string Amount(decimal amount, string currency, string language)
    {
        var culture = Culture(language);
        var digits = currency is "JPY" or "KRW" or "CLP" or "ISK" ? 0 : 2;
        var number = amount.ToString("N" + digits, culture);
        return (currency, language) switch
        {
            ("BRL", _) => "R$ " + number,
            ("USD", "pt") => "US$ " + number,
            ("USD", _) => "$" + number,
            ("EUR", "pt") => "€ " + number,
            ("EUR", _) => "€" + number,
            ("GBP", _) => "£" + number,
            _ => $"{currency} {number}",
        };
    }

    /// <summary>"today", "yesterday", else the calendar day.</summary>
    public static string Date(DateOnly date, DateOnly today, string language)
    {
        if (date == today) return language == "pt" ? "hoje" : "today";
        if (date == today.AddDays(-1)) return language == "pt" ? "ontem" : "yesterday";
        return Day(date, language, date.Year == today.Year);
    }

    /// <summary>"Nov 20" / "20/11", with the year when it is not the current one.</summary>
    public static string Day(DateOnly date, string language, bool omitYear = true) => language == "pt"
        ? date.ToString(omitYear ? "dd/MM" : "dd/MM/yyyy", Portuguese)
        : date.ToString(omitYear ? "MMM d" : "MMM d, yyyy", English);

    public static string Category(string category, string language) => language != "pt" ? category.Replace('_', ' ') : category switch
    {
        "groceries" => "mercado",
        "dining" => "restaurantes",
        "transport" => "transporte",
        "housing" => "moradia",
        "utilities" => "contas",
        "health" => "saúde",
        "entertainment" => "lazer",
        "shopping" => "compras",
        "subscriptions" => "assinaturas",
        "travel" => "viagem",
        "education" => "educação",
        "personal_care" => "cuidados pessoais",
        "gifts" => "presentes",
        "fees" => "tarifas",
        "income" => "receitas",
        "transfer" => "transferências",
        _ => "outros",
    };

    /// <summary>"$12.00 + R$ 30,00": totals in several currencies are shown side by side, never converted.</summary>
    public static string Totals(IEnumerable<(string Currency, decimal Total)> totals, string baseCurrency, string language)
    {
        var parts = totals.Where(t => t.Total != 0).Select(t => Amount(t.Total, t.Currency, language)).ToList();
        return parts.Count == 0 ? Amount(0, baseCurrency, language) : string.Join(" + ", parts);
    }
}
