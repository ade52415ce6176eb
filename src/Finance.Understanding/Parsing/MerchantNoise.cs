using System.Text.RegularExpressions;

namespace Finance.Understanding.Parsing;

/// <summary>What card processors and banks print around a shop's name ("SQ *BLUE BOTTLE", "TST* CHIPOTLE",
/// "PAYPAL *NETFLIX", "AMZN Mktp US*2K4LM", "UBER *TRIP", "CARD 4821", "#0123"), removed so the name is
/// found and no card or store number is read as a price.</summary>
public static partial class MerchantNoise
{
    public static string Clean(string text)
    {
        // Most chat messages have none of the marks these patterns need; skip the regexes for them.
        if (text.AsSpan().IndexOfAny('*', '#') < 0 && !HasCardWord(text)) return text;
        text = Amazon().Replace(text, "Amazon ");
        text = Uber().Replace(text, m => m.Groups[1].Value.Length > 0 ? "Uber Eats " : "Uber ");
        text = ProcessorPrefix().Replace(text, "");
        text = CardNumber().Replace(text, " ");
        text = StoreNumber().Replace(text, " ");
        return Star().Replace(text, " ");
    }

    private static bool HasCardWord(string text) =>
        text.Contains("card", StringComparison.OrdinalIgnoreCase) || text.Contains("cart", StringComparison.OrdinalIgnoreCase) ||
        text.Contains("visa", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"\b(?:amzn\s*mktp|amazon\s*mktplace|amazon\.com|amzn\.com/bill|amzn)\b(?:\s*[a-z]{2}\b)?(?:\s*\*\s*[a-z0-9]+)?", RegexOptions.IgnoreCase)]
    private static partial Regex Amazon();

    [GeneratedRegex(@"\buber\s*\*\s*(?:(eats)|trip|pending|\w*)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Uber();

    // Square, Toast, Shopify, PayPal, Google, iZettle/Zettle, SumUp, Checkout.com, Stripe and the like.
    [GeneratedRegex(@"\b(?:sq|tst|sp|pp|paypal|pypl|goog|google|iz|izettle|zettle|sumup|cko|stripe|wpy|ptl|dnh|fs|bt|pos)\s*\*\s*", RegexOptions.IgnoreCase)]
    private static partial Regex ProcessorPrefix();

    // A card name with four digits ("CARD 4821", "cartão final 1234"); "visa" only with a mask ("VISA ****4821"),
    // since "visa 1200" may be a visa's price, and never a gift card's.
    [GeneratedRegex(@"(?<!gift\s)\b(?:debit\s+card|credit\s+card|card|cart[aã]o|carte)\s*(?:no\.?|n[ºo]\.?|final)?\s*[x*•.]*\s*\d{4}\b|\b(?:visa|mastercard)\s*[x*•.]+\s*\d{4}\b", RegexOptions.IgnoreCase)]
    private static partial Regex CardNumber();

    [GeneratedRegex(@"#\s*\d+")]
    private static partial Regex StoreNumber();

    // "UBER *TRIP" style leftovers: a star between words separates them; "2*5" (a quantity) is left alone.
    [GeneratedRegex(@"(?<=\p{L})\s*\*\s*(?=\p{L})|(?<=^|\s)\*\s*(?=\p{L})")]
    private static partial Regex Star();
}
