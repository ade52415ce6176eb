using Finance.Conversation.Summaries;
using SkiaSharp;

namespace Finance.Jobs.Tests.Charts;

public sealed class SpendingChartTests
{
    [Fact]
    public void The_chart_is_a_png_of_the_expected_size()
    {
        var summary = new PeriodSummary(SummaryPeriod.Week, new DateOnly(2026, 11, 16), new DateOnly(2026, 11, 22), "pt", "",
        [
            new CategoryChange("dining", "BRL", 120, 100, 3),
            new CategoryChange("groceries", "BRL", 80, 0, 1),
            new CategoryChange("transport", "BRL", 0, 45, 0),
            new CategoryChange("travel", "EUR", 300, 0, 1),
        ]);

        var png = SpendingChart.Render(summary, "BRL");

        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        using var image = SKBitmap.Decode(png);
        Assert.Equal((SpendingChart.Width, SpendingChart.Height), (image.Width, image.Height));
    }

    [Fact]
    public void Nothing_spent_in_the_currency_means_no_chart()
    {
        var summary = new PeriodSummary(SummaryPeriod.Month, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 23), "en", "",
            [new CategoryChange("travel", "EUR", 300, 0, 1)]);

        Assert.Null(SpendingChart.RenderIfAny(summary, "USD"));
    }
}
