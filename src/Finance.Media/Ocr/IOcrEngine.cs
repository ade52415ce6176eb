using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>What an OCR engine read from one image: the text, its mean confidence (0–100) and the word boxes.</summary>
public sealed record OcrResult(string Text, float Confidence, IReadOnlyList<OcrWord> Words)
{
    /// <summary>Lines read a second time because the OCR was unsure of their digits (see <c>SecondOpinion</c>).</summary>
    public int LinesReread { get; init; }
}

/// <summary>The OCR seam (Tesseract here; a cloud or LLM reader could be another).</summary>
public interface IOcrEngine
{
    /// <exception cref="MediaRejectedException">Empty, too large, not an image, too many pixels, or undecodable.</exception>
    Task<OcrResult> RecognizeAsync(byte[] image, CancellationToken cancellationToken);
}
