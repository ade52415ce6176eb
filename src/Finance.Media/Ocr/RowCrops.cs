using Finance.Understanding.Receipts;

namespace Finance.Media.Ocr;

/// <summary>
/// Where the rows a receipt's total hangs on are cut from the prepared page to be read again one at a time, enlarged
/// (<see cref="IOcrEngine.ReadRowsAsync"/>), and how the words read in a cut go back to the page.
/// </summary>
internal static class RowCrops
{
    /// <summary>One row's cut on the page: from a little left of the row's words to a little right of the page's amount
    /// column (a misread amount may be missing from the row's words), from a little above them to a little below.</summary>
    public sealed record Crop(int Line, int Left, int Top, int Width, int Height, int TextHeight);

    /// <summary>White added around each enlarged cut, in pixels: Tesseract finds a line best with a margin around it.</summary>
    public const int Border = 10;

    /// <summary>The cuts of <paramref name="lines"/>, top to bottom; a line with no words is skipped.</summary>
    public static IReadOnlyList<Crop> Plan(IReadOnlyList<OcrWord> words, IReadOnlySet<int> lines, int pageWidth, int pageHeight)
    {
        // The right edge of the amounts column: not the page's edge, where a scan's dark border would be read as letters.
        var amountEdges = words.Where(w => w.Text.Any(char.IsAsciiDigit)).Select(w => w.Left + w.Width).Order().ToList();
        var amountsRight = amountEdges.Count == 0 ? pageWidth : amountEdges[amountEdges.Count * 9 / 10];
        var crops = new List<Crop>();
        foreach (var line in words.Where(w => lines.Contains(w.Line)).GroupBy(w => w.Line).OrderBy(g => g.Key))
        {
            // A double-height amount makes the row's box taller than its text: the margins follow the ordinary words.
            var heights = line.Select(w => w.Height).Order().ToList();
            var textHeight = heights[heights.Count / 2];
            var margin = Math.Max(4, textHeight * 3 / 10);
            var top = Math.Max(0, line.Min(w => w.Top) - margin);
            var bottom = Math.Min(pageHeight, line.Max(w => w.Top + w.Height) + margin);
            var left = Math.Max(0, line.Min(w => w.Left) - textHeight);
            var right = Math.Min(pageWidth, Math.Max(line.Max(w => w.Left + w.Width), amountsRight) + textHeight);
            if (bottom - top < 8 || right - left < 8) continue;
            crops.Add(new Crop(line.Key, left, top, right - left, bottom - top, textHeight));
        }
        return crops;
    }

    /// <summary>Words read in a cut enlarged by <paramref name="scale"/> with <see cref="Border"/> around it, moved back to the
    /// page's pixels and given the row's line number.</summary>
    public static IEnumerable<OcrWord> ToPage(IEnumerable<OcrWord> read, Crop crop, float scale) =>
        read.Select(w => w with
        {
            Left = crop.Left + (int)Math.Round((w.Left - Border) / scale),
            Top = crop.Top + (int)Math.Round((w.Top - Border) / scale),
            Width = Math.Max(1, (int)Math.Round(w.Width / scale)),
            Height = Math.Max(1, (int)Math.Round(w.Height / scale)),
            Line = crop.Line,
        });
}
