using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>What a receipt photo said: the OCR text, its mean confidence (0–100) and the fields read from it.</summary>
/// <param name="ReadTwice">The quick reading left the reader unsure, so the page was read thoroughly too.</param>
public sealed record ReceiptScan(string Text, float Confidence, ReceiptFields Fields, bool ReadTwice = false);

/// <summary>
/// Receipt photo → text → fields (total, currency, date, merchant, tax). Most receipts need one quick reading; only
/// those the reader is unsure of pay for a thorough one, and the two readings' fields are combined
/// (<see cref="Combine"/>; measured on real receipts: docs/receipts.md, fifth round).
/// </summary>
/// <param name="clock">Today's date tells a misread year (2048 for 2018): no receipt is dated in a year still to come.</param>
public sealed class ReceiptScanner(IOcrEngine ocr, TimeProvider? clock = null)
{
    // A day ahead of UTC: the shop's own date may already be tomorrow's.
    private DateOnly Today => DateOnly.FromDateTime((clock ?? TimeProvider.System).GetUtcNow().UtcDateTime.AddDays(1));

    /// <exception cref="MediaRejectedException">Empty, too large, not an image (a PDF …), too many pixels, or undecodable.</exception>
    public async Task<ReceiptScan> ScanReceiptAsync(byte[] image, CancellationToken cancellationToken)
    {
        var quick = await ocr.RecognizeAsync(image, OcrPass.Quick, cancellationToken);
        var first = ReceiptReader.Read(quick.Text, quick.Words, Today);
        if (IsSure(first)) return new ReceiptScan(quick.Text, quick.Confidence, first);

        OcrResult thorough;
        try
        {
            thorough = await ocr.RecognizeAsync(image, OcrPass.Thorough, cancellationToken);
        }
        catch (MediaRejectedException)
        {
            // The page was read once already (the thorough pass ran out of time): its fields are asked about as they are.
            return new ReceiptScan(quick.Text, quick.Confidence, first, ReadTwice: true);
        }
        var second = ReceiptReader.Read(thorough.Text, thorough.Words, Today);
        var fields = Combine(first, second);
        // The text goes with the reading the total came from: an LLM reading it checks the total against it.
        var (text, confidence) = fields.Total == second.Total || fields.Total != first.Total
            ? (thorough.Text, thorough.Confidence)
            : (quick.Text, quick.Confidence);
        return new ReceiptScan(text, confidence, fields, ReadTwice: true);
    }

    /// <summary>The reader would book the total without asking, and a date was found that no other date on the receipt
    /// contradicts: a second reading would not change the booking.</summary>
    internal static bool IsSure(ReceiptFields fields) => fields.TotalConfident && fields.Date is not null && !fields.DateInDoubt;

    /// <summary>
    /// Two readings of one receipt made one: per field, what both read wins; a total the receipt's arithmetic backs beats one
    /// it does not, a sure total an unsure one, then one the other reading also names, then the one whose digits the OCR was
    /// surer of; the merchant that looks more like a name; the other fields are the thorough reading's, or the quick one's
    /// when the thorough reading found none.
    /// </summary>
    internal static ReceiptFields Combine(ReceiptFields quick, ReceiptFields thorough)
    {
        var totalFrom = TotalReading(quick, thorough);
        var other = ReferenceEquals(totalFrom, quick) ? thorough : quick;
        var agreed = quick.Total is not null && quick.Total == thorough.Total;
        return new ReceiptFields(
            totalFrom.Total,
            totalFrom.Currency ?? other.Currency,
            thorough.Date ?? quick.Date,
            ReceiptReader.NameLikeness(quick.Merchant) > ReceiptReader.NameLikeness(thorough.Merchant) ? quick.Merchant : thorough.Merchant ?? quick.Merchant,
            totalFrom.Tax ?? other.Tax,
            totalFrom.TotalConfident || (agreed && other.TotalConfident))
        {
            TotalCandidates = [.. totalFrom.TotalCandidates.Concat(other.TotalCandidates).Distinct().Take(Math.Max(3, totalFrom.TotalCandidates.Count))],
            TotalConfidence = agreed ? Math.Max(quick.TotalConfidence, thorough.TotalConfidence) : totalFrom.TotalConfidence,
            TotalConfirmed = totalFrom.TotalConfirmed || (agreed && other.TotalConfirmed),
            DateInDoubt = thorough.Date is null ? quick.DateInDoubt : thorough.DateInDoubt,
            NamedTotals = [.. totalFrom.NamedTotals.Union(other.NamedTotals)],
        };
    }

    /// <summary>The reading whose total is taken.</summary>
    private static ReceiptFields TotalReading(ReceiptFields quick, ReceiptFields thorough)
    {
        if (thorough.Total is null) return quick;
        if (quick.Total is null || quick.Total == thorough.Total) return thorough;
        if (quick.TotalConfirmed != thorough.TotalConfirmed) return quick.TotalConfirmed ? quick : thorough;
        if (quick.TotalConfident != thorough.TotalConfident) return quick.TotalConfident ? quick : thorough;
        // Neither sure: a total the other reading also found (as a payment, a subtotal …) was read twice over, a misread
        // digit seldom is ("NET TOTAL 14,05" beside "Cash 14.85", read again as "NET TOTAL 14.85").
        var quickSeconded = thorough.NamedTotals.Contains(quick.Total.Value);
        var thoroughSeconded = quick.NamedTotals.Contains(thorough.Total.Value);
        if (quickSeconded != thoroughSeconded) return quickSeconded ? quick : thorough;
        // Then the reading surer of the total's digits (on the SROIE tuning part the quick reading's total was
        // right more often than the thorough one's when the two differed and neither was sure).
        return quick.TotalConfidence > thorough.TotalConfidence ? quick : thorough;
    }
}
