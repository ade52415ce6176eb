using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Finance.Understanding.Llm;

/// <summary>What the ReadReceipt prompt answers; its JSON schema is sent as the response format.</summary>
public sealed record ReceiptAnswer(
    [property: JsonPropertyName("total"), Description("amount paid, as printed, or null")] decimal? Total,
    [property: JsonPropertyName("currency"), Description("ISO 4217 code, or null"), RegularExpression("^[A-Z]{3}$")] string? Currency,
    [property: JsonPropertyName("date"), Description("purchase date yyyy-MM-dd, or null"), RegularExpression(@"^\d{4}-\d{2}-\d{2}$")] string? Date,
    [property: JsonPropertyName("merchant"), Description("shop name, or null")] string? Merchant,
    [property: JsonPropertyName("tax"), Description("tax amount, as printed, or null")] decimal? Tax)
{
    /// <summary>Receipts are photographed soon after; a date years away is a misread.</summary>
    public const int MaxYearsBack = 2;

    public (ReceiptFieldsDto? Fields, string? Rejection) Check(TextEvidence evidence, DateOnly today)
    {
        if (Total is { } total && !evidence.Supports(total))
            return (null, "total not in text");
        if (Tax is { } tax && !evidence.Supports(tax))
            return (null, "tax not in text");
        if (Total is { } t && Tax is { } x && x >= t)
            return (null, "tax not below total");
        var currency = string.IsNullOrWhiteSpace(Currency) ? null : Currency.Trim().ToUpperInvariant();
        if (currency is not null && !TextEvidence.IsIsoCurrency(currency))
            return (null, "currency not an ISO code");
        DateOnly? date = null;
        if (!string.IsNullOrWhiteSpace(Date))
        {
            if (!TransactionAnswer.TryReadDate(Date, out var read))
                return (null, "date not yyyy-MM-dd");
            // A day of slack: the receipt's zone may be ahead of ours.
            if (read > today.AddDays(1) || read < today.AddYears(-MaxYearsBack))
                return (null, "date not plausible");
            date = read;
        }
        // OCR mangles names and models tidy them up, so an unmatched merchant is dropped rather than fatal.
        var merchant = string.IsNullOrWhiteSpace(Merchant) || !evidence.Mentions(Merchant) ? null : Merchant.Trim();
        return (new ReceiptFieldsDto(Total, currency, date, merchant, Tax), null);
    }
}
