using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Ocr;

/// <summary>Where a row read again is cut from the page, and how its words go back.</summary>
public sealed class RowCropsTests
{
    private static OcrWord Word(string text, int left, int top, int line, int width = 60, int height = 20) =>
        new(text, left, top, width, height, 90, line);

    private static readonly OcrWord[] Page =
    [
        Word("Nasi", 40, 100, line: 0),
        Word("12.50", 800, 100, line: 0, width: 80),
        Word("NET", 40, 160, line: 1),
        Word("TOTAL", 110, 160, line: 1),
        Word("174.90", 600, 140, line: 1, width: 100, height: 40), // printed double height
        Word("CASH", 40, 200, line: 2),
        Word("200.00", 610, 200, line: 2, width: 90),
    ];

    [Fact]
    public void A_rows_cut_runs_from_its_words_to_past_the_amount_column_with_margins_from_its_ordinary_words()
    {
        var crops = RowCrops.Plan(Page, new HashSet<int> { 1 }, pageWidth: 1000, pageHeight: 400);

        var crop = Assert.Single(crops);
        // The ordinary words are 20 px high (the median, not the double-height amount): margins of max(4, 6) above and
        // below the row's box (140..180), a text height left of its first word; on the right the amount column's edge
        // (the 9th of the page's ten … here the widest of three amounts, 880) plus a text height.
        Assert.Equal(new RowCrops.Crop(1, 20, 134, 900 - 20, 186 - 134, 20), crop);
    }

    [Fact]
    public void Rows_are_cut_top_to_bottom_and_clipped_to_the_page()
    {
        OcrWord[] page = [Word("TOTAL", 0, 0, line: 3), Word("9.90", 950, 0, line: 3, width: 50), Word("CASH", 0, 30, line: 4)];

        var crops = RowCrops.Plan(page, new HashSet<int> { 4, 3, 7 }, pageWidth: 1000, pageHeight: 45);

        Assert.Equal([3, 4], crops.Select(c => c.Line));
        Assert.Equal((0, 0, 1000), (crops[0].Left, crops[0].Top, crops[0].Left + crops[0].Width));
        Assert.Equal(45, crops[1].Top + crops[1].Height);
    }

    [Fact]
    public void Words_read_in_an_enlarged_cut_go_back_to_the_rows_place_on_the_page()
    {
        var crop = new RowCrops.Crop(Line: 5, Left: 20, Top: 134, Width: 880, Height: 52, TextHeight: 20);
        // Read in the cut enlarged 2× with its white border: 2 × (600 − 20) + border.
        OcrWord[] read = [new("174.90", 2 * 580 + RowCrops.Border, 2 * 6 + RowCrops.Border, 200, 80, 93, Line: 0)];

        var word = Assert.Single(RowCrops.ToPage(read, crop, scale: 2));

        Assert.Equal(new OcrWord("174.90", 600, 140, 100, 40, 93, 5), word);
    }
}
