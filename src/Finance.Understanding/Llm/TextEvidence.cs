using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Finance.Understanding.Llm;

/// <summary>
/// What a message (or OCR text) can vouch for: the amounts written in it under either decimal convention,
/// whether it names a day at all, which currencies it mentions, which names it contains. An LLM answer is
/// only believed where the text supports it.
/// </summary>
public sealed partial class TextEvidence
{
    /// <summary>How far back a booked date may lie; older ones are more likely a misread number than a memory.</summary>
    public const int MaxDaysBack = 400;

    private readonly HashSet<decimal> amounts;
    private readonly string folded;
    private readonly string compact;

    private TextEvidence(string text, IEnumerable<decimal> alsoSupported)
    {
        folded = Fold(text);
        compact = Compact(folded);
        amounts = [.. NumbersIn(text), .. alsoSupported];
        HasDigits = text.Any(char.IsAsciiDigit);
        NamesADay = DayWords().IsMatch(folded) || NumericDate().IsMatch(text) || DayOfMonth().IsMatch(folded);
    }

    /// <param name="alsoSupported">Amounts another reader already found (the rule parser reads number words).</param>
    public static TextEvidence Of(string text, IEnumerable<decimal>? alsoSupported = null) => new(text, alsoSupported ?? []);

    public bool HasDigits { get; }

    /// <summary>The text says which day ("yesterday", "ontem", "last friday", "23/11", "on the 5th").</summary>
    public bool NamesADay { get; }

    public bool Supports(decimal amount) => amount > 0 && amounts.Contains(amount);

    /// <summary>A booking date is supported when it is not in the future, not too old, and is today unless the text names a day.</summary>
    public bool SupportsBookingDate(DateOnly date, DateOnly today) =>
        date <= today && date >= today.AddDays(-MaxDaysBack) && (NamesADay || date == today);

    /// <summary>The default currency needs no mention; any other must be named by code, symbol or word.</summary>
    public bool SupportsCurrency(string code, string defaultCurrency) =>
        code == defaultCurrency.ToUpperInvariant()
        || Regex.IsMatch(folded, $@"(?<![a-z]){code.ToLowerInvariant()}(?![a-z])")
        || CurrencyMentions.Any(m => m.Codes.Contains(code) && m.Pattern.IsMatch(folded));

    /// <summary>The name appears in the text, ignoring case, accents, spaces and punctuation ("McDonald's" ~ "mcdonalds").</summary>
    public bool Mentions(string name) => Compact(Fold(name)) is { Length: > 0 } needle && compact.Contains(needle, StringComparison.Ordinal);

    public static bool IsIsoCurrency(string? code) => code is { Length: 3 } && IsoCurrencies.Value.Contains(code);

    /// <summary>Every value a written number could mean: "45,90" → 45.90 or 4590; "1.234,56" → 1234.56; "2k" → 2 and 2000.</summary>
    private static IEnumerable<decimal> NumbersIn(string text)
    {
        foreach (Match m in NumberToken().Matches(text))
        {
            var multiplier = m.Groups["thousands"].Success ? 1000m : 1m;
            foreach (var value in Readings(m.Groups["number"].Value))
            {
                yield return value;
                if (multiplier != 1m)
                    yield return value * multiplier;
            }
        }
    }

    private static IEnumerable<decimal> Readings(string token)
    {
        var lastDot = token.LastIndexOf('.');
        var lastComma = token.LastIndexOf(',');
        if (lastDot < 0 && lastComma < 0)
        {
            yield return decimal.Parse(token, CultureInfo.InvariantCulture);
            yield break;
        }
        if (lastDot >= 0 && lastComma >= 0)
        {
            // Both present: the later one is the decimal mark ("1.234,56", "1,234.56").
            var decimalMark = Math.Max(lastDot, lastComma);
            yield return Number(token[..decimalMark], token[(decimalMark + 1)..]);
            yield break;
        }
        var separator = lastDot >= 0 ? '.' : ',';
        var groups = token.Split(separator);
        // Every group after the first has three digits: a thousands reading ("1.234", "12,500").
        if (groups.Skip(1).All(g => g.Length == 3))
            yield return decimal.Parse(string.Concat(groups), CultureInfo.InvariantCulture);
        // One separator: also a decimal reading ("45,90", "45.9", "1.234" as 1.234).
        if (groups.Length == 2)
            yield return Number(groups[0], groups[1]);
    }

    private static decimal Number(string whole, string fraction) =>
        decimal.Parse($"{new string(whole.Where(char.IsAsciiDigit).ToArray())}.{fraction}", CultureInfo.InvariantCulture);

    private static string Fold(string text)
    {
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
                kept.Append(c);
        }
        return kept.ToString();
    }

    private static string Compact(string folded) => new(folded.Where(char.IsLetterOrDigit).ToArray());

    private sealed record CurrencyMention(string[] Codes, Regex Pattern);

    private static readonly CurrencyMention[] CurrencyMentions =
    [
        new(["BRL"], new(@"r\$|\breais\b|\breal\b")),
        new(["EUR"], new(@"€|\beuros?\b")),
        new(["GBP"], new(@"£|\bpounds?\b|\bquid\b|\blibras?\b")),
        new(["JPY", "CNY"], new(@"¥|\byen\b|\byuan\b")),
        new(["INR"], new(@"₹|\brupees?\b")),
        new(["CHF"], new(@"\bfrancs?\b|\bfrancos?\b")),
        new(["USD", "CAD", "AUD", "NZD", "MXN", "ARS", "CLP", "COP", "SGD", "HKD"], new(@"(?<!r)\$|\bdollars?\b|\bdolar(es)?\b|\bbucks?\b")),
    ];

    private static readonly Lazy<HashSet<string>> IsoCurrencies = new(() =>
    {
        // The codes of all regions ICU knows, plus a few that belong to no single region.
        var codes = new HashSet<string>(StringComparer.Ordinal) { "EUR", "XAF", "XOF", "XCD", "XPF" };
        foreach (var culture in CultureInfo.GetCultures(CultureTypes.SpecificCultures))
        {
            try
            {
                codes.Add(new RegionInfo(culture.Name).ISOCurrencySymbol);
            }
            catch (ArgumentException)
            {
                // a culture without a region
            }
        }
        return codes;
    });

    [GeneratedRegex(@"(?<number>[0-9]+(?:[.,][0-9]+)*)(?:\s?(?<thousands>k|mil)(?![\p{L}]))?", RegexOptions.IgnoreCase)]
    private static partial Regex NumberToken();

    [GeneratedRegex(@"\b(today|tonight|yesterday|tomorrow|ago|last|past|previous|week|weekend|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|hoje|ontem|anteontem|amanha|semana|mes|ano|passado|passada|atras|segunda|terca|quarta|quinta|sexta|sabado|domingo|janeiro|fevereiro|marco|abril|maio|junho|julho|agosto|setembro|outubro|novembro|dezembro|fev|abr|mai|ago|set|out|dez)\b")]
    private static partial Regex DayWords();

    /// <summary>23/11, 11-23, 23/11/2026, 2026-11-23, 23.11.2026 (a dot only with a year: "12.50" is money).</summary>
    [GeneratedRegex(@"\b\d{1,2}[/-]\d{1,2}(?:[/-]\d{2,4})?\b|\b\d{4}-\d{1,2}-\d{1,2}\b|\b\d{1,2}\.\d{1,2}\.\d{2,4}\b")]
    private static partial Regex NumericDate();

    /// <summary>"on the 5th", "the 21st", "dia 5".</summary>
    [GeneratedRegex(@"\b\d{1,2}(st|nd|rd|th)\b|\bdia \d{1,2}\b")]
    private static partial Regex DayOfMonth();
}
