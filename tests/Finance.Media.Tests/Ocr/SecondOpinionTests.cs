using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Media.Tests.Ocr;

/// <summary>Which lines are read a second time, where they go in the strip, and when the second reading wins.</summary>
public sealed class SecondOpinionTests
{
    private const int Gap = SecondOpinion.Gap;

    private static OcrWord Word(string text, int left, int top, float confidence, int line, int width = 60, int height = 20) =>
        new(text, left, top, width, height, confidence, line);

    private static readonly OcrWord[] Page =
    [
        Word("TOTAL", 10, 100, 20, line: 0),          // unsure, but no digit: a word is not an amount
        Word("12.50", 200, 100, 95, line: 0),
        Word("CASH", 10, 140, 90, line: 1),
        Word("RM", 140, 140, 96, line: 1),
        Word("39.8O", 200, 140, 41, line: 1),         // unsure digits
        Word("THANK", 10, 180, 30, line: 2),
        Word("19/1O/2018", 0, 2, 35, line: 3, width: 120, height: 18), // at the page's top-left corner
    ];

    [Fact]
    public void Only_lines_with_an_unsure_digit_are_planned_in_reading_order()
    {
        var plan = SecondOpinion.Plan(Page, belowConfidence: 60, pageWidth: 400, pageHeight: 300);

        Assert.NotNull(plan);
        Assert.Equal([1, 3], plan.Lines.Select(l => l.Line));
        // Line 1: words 10..260 × 140..160, margin max(3, 20/4) = 5.
        Assert.Equal(new SecondOpinion.Placement(1, 5, 135, 260, 30, Gap, 5, 25), plan.Lines[0]);
        // Line 3 touches the page's corner: its margin is clipped there; it is stacked under line 1.
        Assert.Equal(new SecondOpinion.Placement(3, 0, 0, 124, 24, Gap + 30 + Gap, 2, 20), plan.Lines[1]);
        Assert.Equal(260 + 2 * Gap, plan.Width);
        Assert.Equal(Gap + 30 + Gap + 24 + Gap, plan.Height);
    }

    [Fact]
    public void A_page_read_surely_needs_no_second_reading()
    {
        Assert.Null(SecondOpinion.Plan(Page, belowConfidence: 30, pageWidth: 400, pageHeight: 300));
    }

    [Fact]
    public void A_surer_second_reading_replaces_its_line_at_the_lines_place_on_the_page()
    {
        var plan = SecondOpinion.Plan(Page, 60, 400, 300)!;
        var slot = plan.Lines[0];
        // Strip coordinates: the line was copied to (Gap, StripTop).
        OcrWord[] reread =
        [
            Word("39.80", Gap + 195, slot.StripTop + 5, 88, line: 0),
            Word("CASH", Gap + 5, slot.StripTop + 5, 92, line: 0),
            Word("RM", Gap + 135, slot.StripTop + 5, 90, line: 0),
            Word("Rounding", Gap + 5, slot.StripTop + 24, 40, line: 1, height: 6), // a sliver of the next line, in the margin
        ];

        var words = SecondOpinion.Merge(Page, plan, reread, out var read, out var replaced);

        Assert.Equal((1, 1), (read, replaced));
        var line = words.Where(w => w.Line == 1).ToList();
        Assert.Equal(["CASH", "RM", "39.80"], line.Select(w => w.Text));
        Assert.Equal(Word("39.80", 200, 140, 88, line: 1), line[2]);
        Assert.Equal(Page.Where(w => w.Line != 1), words.Where(w => w.Line != 1));
        Assert.Equal("TOTAL 12.50\nCASH RM 39.80\nTHANK\n19/1O/2018", SecondOpinion.Text(words));
    }

    [Fact]
    public void A_second_reading_less_sure_or_without_digits_keeps_the_page_reading()
    {
        var plan = SecondOpinion.Plan(Page, 60, 400, 300)!;
        var (first, second) = (plan.Lines[0], plan.Lines[1]);
        OcrWord[] reread =
        [
            Word("39.B0", Gap + 195, first.StripTop + 5, 30, line: 0),     // digits less sure than the page's 41
            Word("IS/IO/ZOIB", Gap, second.StripTop + 2, 90, line: 1),    // sure, but no digit left: the date is lost
        ];

        var words = SecondOpinion.Merge(Page, plan, reread, out var read, out var replaced);

        Assert.Equal((2, 0), (read, replaced));
        Assert.Equal(Page, words);
    }

    [Fact]
    public void A_check_takes_every_second_reading_however_sure()
    {
        var plan = SecondOpinion.Plan(Page, 60, 400, 300)!;
        OcrWord[] reread = [Word("39.B0", Gap + 195, plan.Lines[0].StripTop + 5, 30, line: 0)];

        var words = SecondOpinion.Merge(Page, plan, reread, out var read, out var replaced, onlyWhenSurer: false);

        Assert.Equal((1, 1), (read, replaced));
        Assert.Equal(["39.B0"], words.Where(w => w.Line == 1).Select(w => w.Text));
        // A line the second reading found nothing on stays as the page read it.
        Assert.Equal(Page.Where(w => w.Line == 3), words.Where(w => w.Line == 3));
    }

    [Fact]
    public void Lines_picked_by_number_are_planned_whatever_their_confidence()
    {
        var plan = SecondOpinion.Plan(Page, line => line.Key is 0 or 2, 400, 300);

        Assert.Equal([0, 2], plan!.Lines.Select(l => l.Line));
        Assert.Null(SecondOpinion.Plan(Page, _ => false, 400, 300));
    }
}
