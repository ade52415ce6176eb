using System.Collections.Frozen;

namespace Finance.Understanding.Parsing;

/// <summary>Currency symbols, codes and words. "$" and dollar words stay "$" until the chat's default
/// currency resolves them: a dollar chat (CAD, AUD…) keeps its own dollar, any other gets USD.</summary>
public static class CurrencyMarks
{
    public const string Dollar = "$";

    private static readonly FrozenDictionary<string, string> Words = new Dictionary<string, string>
    {
        ["reais"] = "BRL", ["real"] = "BRL", ["conto"] = "BRL", ["contos"] = "BRL", ["pila"] = "BRL", ["pilas"] = "BRL",
        ["dollars"] = Dollar, ["dollar"] = Dollar, ["bucks"] = Dollar, ["buck"] = Dollar,
        ["dolares"] = Dollar, ["dolar"] = Dollar, ["doletas"] = Dollar,
        ["euros"] = "EUR", ["euro"] = "EUR",
        ["pounds"] = "GBP", ["pound"] = "GBP", ["quid"] = "GBP", ["libras"] = "GBP", ["libra"] = "GBP",
        ["yen"] = "JPY", ["iene"] = "JPY", ["ienes"] = "JPY",
        ["usd"] = "USD", ["brl"] = "BRL", ["eur"] = "EUR", ["gbp"] = "GBP", ["jpy"] = "JPY", ["cad"] = "CAD",
        ["aud"] = "AUD", ["nzd"] = "NZD", ["chf"] = "CHF", ["mxn"] = "MXN", ["ars"] = "ARS", ["clp"] = "CLP",
        ["cop"] = "COP", ["inr"] = "INR", ["cny"] = "CNY", ["sgd"] = "SGD", ["hkd"] = "HKD",
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> DollarCurrencies =
        new[] { "USD", "CAD", "AUD", "NZD", "SGD", "HKD" }.ToFrozenSet();

    /// <summary>"R$", "US$", "C$", "A$": the letters before a dollar sign.</summary>
    public static string? PrefixedDollar(string letters) => letters switch
    {
        "r" => "BRL",
        "us" or "u" => "USD",
        "c" or "ca" or "can" => "CAD",
        "a" or "au" => "AUD",
        "nz" => "NZD",
        "s" or "sg" => "SGD",
        "hk" => "HKD",
        _ => null,
    };

    /// <summary>The currency a word names ("reais", "bucks", "eur"), or null.</summary>
    public static string? FromWord(string folded) => Words.GetValueOrDefault(folded);

    public static bool IsCents(string folded) => folded is "centavos" or "centavo" or "cents" or "cent" or "pence";

    public static string Resolve(string? mark, string defaultCurrency) => mark switch
    {
        null => defaultCurrency,
        Dollar => DollarCurrencies.Contains(defaultCurrency) ? defaultCurrency : "USD",
        _ => mark,
    };
}
