using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>What a receipt photo said: the OCR text, its mean confidence (0–100) and the fields read from it.</summary>
public sealed record ReceiptScan(string Text, float Confidence, ReceiptFields Fields);

/// <summary>Receipt photo → text → fields (total, currency, date, merchant, tax).</summary>
public sealed class ReceiptScanner(IOcrEngine ocr)
{
    /// <exception cref="MediaRejectedException">Empty, too large, not an image (a PDF …), too many pixels, or undecodable.</exception>
    public async Task<ReceiptScan> ScanReceiptAsync(byte[] image, CancellationToken cancellationToken)
    {
        var page = await ocr.RecognizeAsync(image, OcrPass.Quick, cancellationToken);
        return new ReceiptScan(page.Text, page.Confidence, ReceiptReader.Read(page.Text, page.Words));
    }
}
