using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>What an OCR engine read from one image: the text, its mean confidence (0–100) and the word boxes.</summary>
public sealed record OcrResult(string Text, float Confidence, IReadOnlyList<OcrWord> Words)
{
    /// <summary>Lines read a second time: because the OCR was unsure of their digits (see <c>SecondOpinion</c>), or because
    /// they were asked for (<see cref="IOcrEngine.RereadLinesAsync"/>).</summary>
    public int LinesReread { get; init; }

    /// <summary>The CPU time of the thread that read the image (decoding, preparing, recognising, parsing), when the engine
    /// measures it: what the reading itself cost, without what the rest of the process did meanwhile.</summary>
    public TimeSpan? Cpu { get; init; }

    /// <summary>The image's data was corrupt part-way (cut off in transfer, bytes flipped): what was read is what decoded, and
    /// the page past the damage is grey or garbled, so a field printed there may be missing or misread.</summary>
    public bool Damaged { get; init; }
}

/// <summary>How hard to read a page: a receipt first gets a quick reading; only one the reader is unsure of pays for a
/// thorough one (<see cref="ReceiptScanner"/>).</summary>
public enum OcrPass
{
    /// <summary>The cheap reading most receipts need (OcrOptions.Languages, with the second opinion of unsure lines).</summary>
    Quick,

    /// <summary>A slower, more careful reading of the same page (OcrOptions.ThoroughLanguages).</summary>
    Thorough,

    /// <summary>A third reading (OcrOptions.DecidingLanguages on a larger page), only of a receipt its first two readings leave
    /// in doubt: it settles a total when sure of it and gives a date neither found.</summary>
    Deciding,
}

/// <summary>The field a row is read again for (<see cref="IOcrEngine.ReadRowsAsync"/>).</summary>
public enum RowField
{
    /// <summary>A row with a total word or printing a total.</summary>
    Total,

    /// <summary>A row with a date, a date label or a time of day.</summary>
    Date,
}

/// <summary>The OCR seam (Tesseract here; a cloud or LLM reader could be another).</summary>
public interface IOcrEngine
{
    /// <exception cref="MediaRejectedException">Empty, too large, not an image, too many pixels, or undecodable.</exception>
    Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken);

    /// <summary>Some lines of a quick reading (<paramref name="page"/>, of the same image) read again by the thorough pass's
    /// reader: the page as it was, with those lines as the second reader read them (<see cref="OcrResult.LinesReread"/>
    /// counts the lines it found words on).</summary>
    /// <exception cref="MediaRejectedException">As <see cref="RecognizeAsync"/>.</exception>
    Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken);

    /// <summary>Some lines of a reading (<paramref name="page"/>, of the same image at the quick pass's scale) read again one
    /// at a time, each cut from the page with a margin and enlarged, by another network: a second, closer reading of the rows
    /// a field hangs on. The page as it was, with those lines as they were read again.</summary>
    /// <param name="lines">The lines to read again, each with the field it is read for: a date's row is enlarged more than a
    /// total's (<see cref="OcrOptions.DateRowScale"/>).</param>
    /// <exception cref="MediaRejectedException">As <see cref="RecognizeAsync"/>.</exception>
    Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlyDictionary<int, RowField> lines, CancellationToken cancellationToken);
}
