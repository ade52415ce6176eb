using Finance.Conversation.Replies;
using SkiaSharp;

namespace Finance.Conversation.Summaries;

/// <summary>Colours of the chart: one set for light chat backgrounds, one for dark ones.</summary>
public enum ChartTheme { Light, Dark }

/// <summary>The summary's picture, laid out for a phone (390 points wide, drawn at twice that): one row per
/// category, largest first, its name and amount above a bar for this period and a thinner one for the period
/// before. Drawn with SkiaSharp rather than an axis chart: on a phone, names above the bars keep the bars the
/// whole width, where axis labels beside them would take half of it.</summary>
public static class SpendingChart
{
    /// <summary>The layout's width in points; the PNG has <see cref="Scale"/> pixels per point.</summary>
    public const int Points = 390;
    public const int Scale = 2;
    public const int Width = Points * Scale;

    private const int MaxRows = 8;
    private const float Pad = 16, TitleSize = 18, LegendSize = 13, LabelSize = 16, SmallSize = 13;
    private const float BarHeight = 14, BarGap = 4, PreviousHeight = 6, RowGap = 14;

    private sealed record Palette(SKColor Background, SKColor Text, SKColor Muted, SKColor Bar, SKColor PreviousBar);

    private static readonly Palette LightColours = new(
        SKColor.Parse("#FFFFFF"), SKColor.Parse("#1F2328"), SKColor.Parse("#59636E"), SKColor.Parse("#2563EB"), SKColor.Parse("#AEB8C4"));

    private static readonly Palette DarkColours = new(
        SKColor.Parse("#17212B"), SKColor.Parse("#E6EDF3"), SKColor.Parse("#A3AFBC"), SKColor.Parse("#5B9BFF"), SKColor.Parse("#56677A"));

    // DejaVu Sans (fonts-dejavu-core in scripts/debian-packages.txt): a sans-serif with the arrows, ≈ and currency signs.
    private static readonly SKTypeface Regular = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Normal) ?? SKTypeface.Default;
    private static readonly SKTypeface Bold = SKTypeface.FromFamilyName("DejaVu Sans", SKFontStyle.Bold) ?? SKTypeface.Default;

    /// <summary>The chart, or null when nothing was spent in either period.</summary>
    public static byte[]? RenderIfAny(PeriodSummary summary, ChartTheme theme = ChartTheme.Light) =>
        summary.Categories.Count == 0 ? null : Render(summary, theme);

    /// <summary>A PNG <see cref="Width"/> pixels wide, as tall as its rows. The bars share one axis, so they are of
    /// one currency: the context's (others converted), or the largest other when nothing is in it. Whatever
    /// is not drawn (amounts without a rate, categories past the eighth) is named under the bars.</summary>
    public static byte[] Render(PeriodSummary summary, ChartTheme theme = ChartTheme.Light)
    {
        var say = Phrases.For(summary.Language);
        var colours = theme == ChartTheme.Dark ? DarkColours : LightColours;
        var currency = summary.Categories.Any(c => c.Currency == summary.Currency) || summary.Categories.Count == 0
            ? summary.Currency : summary.Categories[0].Currency;
        var drawn = summary.Categories.Where(c => c.Currency == currency).ToList();
        var rows = drawn.Take(MaxRows).ToList();
        string Money(decimal amount, string inCurrency) => MoneyText.Amount(amount, inCurrency, summary.Language);

        var notes = new List<string>();
        if (drawn.Count > MaxRows)
            notes.Add(string.Format(say.ChartMore, drawn.Count - MaxRows, Money(drawn.Skip(MaxRows).Sum(c => c.Current), currency)));
        // One line per currency, so that each fits the width.
        notes.AddRange(summary.Categories.Where(c => c.Currency != currency && c.Current > 0).GroupBy(c => c.Currency)
            .Select(g => string.Format(say.ChartNotDrawn, Money(g.Sum(c => c.Current), g.Key))));

        using var title = new SKFont(Bold, TitleSize);
        using var legend = new SKFont(Regular, LegendSize);
        using var label = new SKFont(Regular, LabelSize);
        using var value = new SKFont(Bold, LabelSize);
        using var small = new SKFont(Regular, SmallSize);
        const float rowHeight = LabelSize + 6 + BarHeight + BarGap + PreviousHeight + RowGap;
        var height = Pad + TitleSize + 10 + LegendSize + 16 + rows.Count * rowHeight + notes.Count * (SmallSize + 6) + Pad;

        var info = new SKImageInfo(Width, (int)Math.Ceiling(height * Scale));
        using var surface = SKSurface.Create(info);
        var canvas = surface.Canvas;
        canvas.Scale(Scale);
        canvas.Clear(colours.Background);
        using var ink = new SKPaint { IsAntialias = true };

        var y = Pad + TitleSize;
        ink.Color = colours.Text;
        canvas.DrawText(string.Format(say.ChartTitle, currency), Pad, y, SKTextAlign.Left, title, ink);

        // The legend says which bar is which period, with its dates.
        y += 10 + LegendSize;
        var x = Pad;
        foreach (var (colour, text) in new[]
                 {
                     (colours.Bar, Range(summary.From, summary.To, summary.Language)),
                     (colours.PreviousBar, Range(summary.PreviousFrom, summary.PreviousTo, summary.Language)),
                 })
        {
            ink.Color = colour;
            canvas.DrawRoundRect(x, y - LegendSize + 2, 12, 12, 3, 3, ink);
            ink.Color = colours.Muted;
            canvas.DrawText(text, x + 17, y, SKTextAlign.Left, legend, ink);
            x += 17 + legend.MeasureText(text) + 18;
        }
        y += 16;

        var right = Points - Pad;
        var scale = Math.Max(1m, rows.Count == 0 ? 1m : rows.Max(r => Math.Max(r.Current, r.Previous)));
        float Length(decimal amount) => amount <= 0 ? 0 : Math.Max(3, (float)(amount / scale) * (right - Pad));
        foreach (var row in rows)
        {
            y += LabelSize;
            ink.Color = colours.Text;
            canvas.DrawText(MoneyText.Category(row.Category, summary.Language), Pad, y, SKTextAlign.Left, label, ink);
            var trend = SummaryComposer.Trend(row.Current, row.Previous, say);
            ink.Color = colours.Muted;
            canvas.DrawText(trend, right, y, SKTextAlign.Right, small, ink);
            ink.Color = colours.Text;
            canvas.DrawText(Money(row.Current, currency), right - small.MeasureText(trend) - 8, y, SKTextAlign.Right, value, ink);

            y += 6;
            ink.Color = colours.Bar;
            if (row.Current > 0) canvas.DrawRoundRect(Pad, y, Length(row.Current), BarHeight, 4, 4, ink);
            y += BarHeight + BarGap;
            if (row.Previous > 0)
            {
                ink.Color = colours.PreviousBar;
                canvas.DrawRoundRect(Pad, y, Length(row.Previous), PreviousHeight, 3, 3, ink);
                // The previous amount in words too, right of its bar (or at the end when the bar reaches it).
                var before = Money(row.Previous, currency);
                var beforeX = Math.Min(Pad + Length(row.Previous) + 6, right - small.MeasureText(before));
                ink.Color = colours.Muted;
                canvas.DrawText(before, beforeX, y + PreviousHeight + 1, SKTextAlign.Left, small, ink);
            }
            y += PreviousHeight + RowGap;
        }

        foreach (var note in notes)
        {
            y += SmallSize + 6;
            ink.Color = colours.Muted;
            canvas.DrawText(note, Pad, y, SKTextAlign.Left, small, ink);
        }

        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }

    private static string Range(DateOnly from, DateOnly to, string language) =>
        from == to ? MoneyText.Day(from, language) : $"{MoneyText.Day(from, language)} – {MoneyText.Day(to, language)}";
}
