using Finance.Conversation.Summaries;
using SkiaSharp;

namespace Finance.Jobs.Tests.Charts;

public sealed class SpendingChartTests
{
    private static PeriodSummary Week(string language, params CategoryChange[] categories) =>
        new(SummaryPeriod.Week, new DateOnly(2026, 11, 23), new DateOnly(2026, 11, 25),
            new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 18), language == "pt" ? "BRL" : "USD", language, "", categories);

    [Fact]
    public void The_chart_is_a_phone_wide_png_one_row_taller_per_category()
    {
        var one = Decode(SpendingChart.Render(Week("en", new CategoryChange("dining", "USD", 120, 100, 3))));
        var three = Decode(SpendingChart.Render(Week("en",
            new CategoryChange("dining", "USD", 120, 100, 3),
            new CategoryChange("groceries", "USD", 80, 0, 1),
            new CategoryChange("transport", "USD", 0, 45, 0))));

        Assert.Equal(SpendingChart.Points * SpendingChart.Scale, one.Width);
        Assert.Equal(one.Width, three.Width);
        Assert.True(three.Height > one.Height + 2 * 40 * SpendingChart.Scale, $"{one.Height} → {three.Height}");
        Assert.True(three.Height < three.Width * 2, "eight rows at most keep it a phone screen tall");
    }

    [Fact]
    public void Nothing_spent_in_either_period_means_no_chart()
    {
        Assert.Null(SpendingChart.RenderIfAny(Week("en")));
        Assert.NotNull(SpendingChart.RenderIfAny(Week("en", new CategoryChange("transport", "USD", 0, 45, 0))));
    }

    [Fact]
    public void Amounts_no_rate_converts_are_never_dropped_silently()
    {
        using var alone = Decode(SpendingChart.Render(Week("en", new CategoryChange("dining", "USD", 120, 100, 3))));
        using var withEuros = Decode(SpendingChart.Render(Week("en",
            new CategoryChange("dining", "USD", 120, 100, 3), new CategoryChange("travel", "EUR", 300, 0, 1))));
        using var onlyEuros = Decode(SpendingChart.RenderIfAny(Week("en", new CategoryChange("travel", "EUR", 300, 0, 1)))!);

        // Bars share one axis, so the euros are not a bar beside the dollars: they are named in a line beneath.
        Assert.Equal(BarRuns(alone, alone.GetPixel(0, 0)).Count, BarRuns(withEuros, withEuros.GetPixel(0, 0)).Count);
        Assert.True(withEuros.Height > alone.Height, "a line names what is not drawn");
        // With nothing in the context's currency, the chart is of the currency there is.
        Assert.Single(BarRuns(onlyEuros, onlyEuros.GetPixel(0, 0)));
    }

    [Fact]
    public void Bars_are_sorted_largest_first_and_drawn_to_scale_with_the_previous_period_beneath()
    {
        using var chart = Decode(SpendingChart.Render(Week("en",
            new CategoryChange("dining", "USD", 200, 100, 3),
            new CategoryChange("groceries", "USD", 50, 200, 1))));

        var rows = BarRuns(chart, chart.GetPixel(0, 0));
        // Each category: its bar this period (thick), then the one before (thin): 200, 100, then 50, 200.
        Assert.Equal(4, rows.Count);
        var widest = rows.Max(r => r.Length);
        Assert.InRange(widest, (SpendingChart.Points - 40) * SpendingChart.Scale, SpendingChart.Width);
        Assert.Equal([1.0, 0.5, 0.25, 1.0], rows.Select(r => Math.Round(r.Length / (double)widest * 20) / 20).ToArray());
        Assert.True(rows[0].Thickness > 2 * rows[1].Thickness, "this period's bar is the thicker one");
    }

    [Theory]
    [InlineData(ChartTheme.Light)]
    [InlineData(ChartTheme.Dark)]
    public void Each_theme_has_its_own_background_and_text_that_stands_out_from_it(ChartTheme theme)
    {
        var png = SpendingChart.Render(Week("pt",
            new CategoryChange("personal_care", "BRL", 1234.56m, 990, 3),
            new CategoryChange("groceries", "BRL", 80, 0, 1),
            new CategoryChange("transport", "BRL", 0, 45, 0),
            new CategoryChange("travel", "EUR", 300, 0, 1)), theme);
        using var chart = Decode(png);
        // Set FINANCE_SCREENSHOTS to a folder to keep the chart and look at it.
        if (Environment.GetEnvironmentVariable("FINANCE_SCREENSHOTS") is { Length: > 0 } folder)
            File.WriteAllBytes(Path.Combine(folder, $"chart-{theme.ToString().ToLowerInvariant()}.png"), png);

        var background = Luminance(chart.GetPixel(0, 0));
        Assert.True(theme == ChartTheme.Dark ? background < 0.05 : background > 0.9, $"background luminance {background:0.00}");
        // Text is drawn in colours with at least 7:1 contrast against the background (WCAG AAA for body text).
        var strongest = chart.Pixels.Max(p => Contrast(Luminance(p), background));
        Assert.True(strongest >= 7, $"strongest contrast {strongest:0.0}");
    }

    /// <summary>The bars, top to bottom: rows of pixels with a long unbroken run of bar colour (anything bluish and
    /// saturated: the blue of this period, the blue-grey of the one before; the legend's squares are too short),
    /// as each bar's length in pixels and how many pixel rows it spans.</summary>
    private static List<(int Length, int Thickness)> BarRuns(SKBitmap chart, SKColor background)
    {
        const int minimum = 15 * SpendingChart.Scale;
        var runs = new List<(int Length, int Thickness)>();
        var inBar = false;
        for (var y = 0; y < chart.Height; y++)
        {
            int longest = 0, run = 0;
            for (var x = 0; x < chart.Width; x++)
            {
                run = IsBar(chart.GetPixel(x, y), background) ? run + 1 : 0;
                longest = Math.Max(longest, run);
            }
            if (longest < minimum) { inBar = false; continue; }
            if (!inBar) runs.Add((longest, 1));
            else runs[^1] = (Math.Max(runs[^1].Length, longest), runs[^1].Thickness + 1);
            inBar = true;
        }
        return runs;
    }

    private static bool IsBar(SKColor c, SKColor background)
    {
        if (c == background) return false;
        var spread = Math.Max(c.Red, Math.Max(c.Green, c.Blue)) - Math.Min(c.Red, Math.Min(c.Green, c.Blue));
        return spread > 20 && c.Blue > c.Red;
    }

    private static double Luminance(SKColor c)
    {
        static double Linear(byte v) => v / 255.0 <= 0.03928 ? v / 255.0 / 12.92 : Math.Pow((v / 255.0 + 0.055) / 1.055, 2.4);
        return 0.2126 * Linear(c.Red) + 0.7152 * Linear(c.Green) + 0.0722 * Linear(c.Blue);
    }

    private static double Contrast(double a, double b) => (Math.Max(a, b) + 0.05) / (Math.Min(a, b) + 0.05);

    private static SKBitmap Decode(byte[] png)
    {
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        return SKBitmap.Decode(png);
    }
}
