using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>
/// The page is read once with the fast language set; the lines whose digits the OCR was unsure of (amounts, dates)
/// are cut out, stacked into one small strip and read again with the wider set, and a line takes the second reading
/// when its digits come out surer. On the SROIE receipts "eng" on the page with "eng+por" on the unsure lines reads
/// about as well as "eng+por" on the whole page at about three quarters of its CPU (docs/receipts.md); it is on by
/// default (OcrOptions.SecondOpinionLanguages).
/// </summary>
internal static class SecondOpinion
{
    /// <summary>White space around each line and between lines in the strip, in pixels.</summary>
    public const int Gap = 12;

    /// <summary>Where one unsure line's cut sits on the page and in the strip; the line's own words span
    /// <paramref name="TextTop"/> to <paramref name="TextBottom"/> within the cut (the rest is margin).</summary>
    public sealed record Placement(int Line, int Left, int Top, int Width, int Height, int StripTop, int TextTop, int TextBottom);

    /// <summary>The strip to read: its size and the lines in it, top to bottom in reading order.</summary>
    public sealed record Strip(int Width, int Height, IReadOnlyList<Placement> Lines);

    /// <summary>The lines holding a word with a digit read below <paramref name="belowConfidence"/>, boxed with a margin
    /// (clipped to the page) and stacked; null when no line is unsure.</summary>
    public static Strip? Plan(IReadOnlyList<OcrWord> words, float belowConfidence, int pageWidth, int pageHeight) =>
        Plan(words, line => line.Any(w => w.Confidence < belowConfidence && w.Text.Any(char.IsAsciiDigit)), pageWidth, pageHeight);

    /// <summary>The lines <paramref name="reread"/> picks, boxed and stacked as above; null when it picks none.</summary>
    public static Strip? Plan(IReadOnlyList<OcrWord> words, Func<IGrouping<int, OcrWord>, bool> reread, int pageWidth, int pageHeight)
    {
        var placements = new List<Placement>();
        var stripTop = Gap;
        foreach (var line in words.GroupBy(w => w.Line).OrderBy(g => g.Key))
        {
            if (!reread(line)) continue;
            var textTop = line.Min(w => w.Top);
            var textBottom = line.Max(w => w.Top + w.Height);
            // A margin of a quarter of the line's height keeps descenders and the tops of capitals inside the cut.
            var margin = Math.Max(3, (textBottom - textTop) / 4);
            var left = Math.Max(0, line.Min(w => w.Left) - margin);
            var right = Math.Min(pageWidth, line.Max(w => w.Left + w.Width) + margin);
            var top = Math.Max(0, textTop - margin);
            var bottom = Math.Min(pageHeight, textBottom + margin);
            if (right <= left || bottom <= top) continue;
            placements.Add(new Placement(line.Key, left, top, right - left, bottom - top, stripTop, textTop - top, textBottom - top));
            stripTop += bottom - top + Gap;
        }
        return placements.Count == 0 ? null : new Strip(placements.Max(p => p.Width) + 2 * Gap, stripTop, placements);
    }

    /// <summary>The page's words with each re-read line replaced by its second reading when that reading's digits are
    /// surer (mean confidence), moved back to the line's place on the page and keeping its line number.</summary>
    /// <param name="read">How many planned lines the second reading found words on.</param>
    /// <param name="replaced">How many of them replaced the page's reading.</param>
    public static IReadOnlyList<OcrWord> Merge(IReadOnlyList<OcrWord> page, Strip strip, IReadOnlyList<OcrWord> reread, out int read, out int replaced,
        bool onlyWhenSurer = true)
    {
        var lines = page.GroupBy(w => w.Line).ToDictionary(g => g.Key, g => g.ToList());
        read = replaced = 0;
        foreach (var p in strip.Lines)
        {
            // A word belongs to the line when its middle is within the line's own words' band: the margin may hold a
            // sliver of the next line, which Tesseract reads as words of its own.
            var second = reread
                .Where(w => w.Top + w.Height / 2 >= p.StripTop + p.TextTop && w.Top + w.Height / 2 < p.StripTop + p.TextBottom)
                .OrderBy(w => w.Left)
                .ToList();
            if (second.Count == 0) continue;
            read++;
            if (onlyWhenSurer && DigitConfidence(second) <= DigitConfidence(lines[p.Line])) continue;
            lines[p.Line] = [.. second.Select(w => w with { Left = w.Left - Gap + p.Left, Top = w.Top - p.StripTop + p.Top, Line = p.Line })];
            replaced++;
        }
        return [.. lines.OrderBy(l => l.Key).SelectMany(l => l.Value)];
    }

    /// <summary>Mean confidence of the words with a digit; -1 when there are none (a reading that lost the digits loses).</summary>
    private static float DigitConfidence(IEnumerable<OcrWord> words)
    {
        var digits = words.Where(w => w.Text.Any(char.IsAsciiDigit)).Select(w => w.Confidence).ToList();
        return digits.Count == 0 ? -1 : digits.Average();
    }

    /// <summary>The page text rebuilt from its words, a line per OCR line.</summary>
    public static string Text(IReadOnlyList<OcrWord> words) =>
        string.Join('\n', words.GroupBy(w => w.Line).OrderBy(g => g.Key).Select(g => string.Join(' ', g.Select(w => w.Text))));
}
