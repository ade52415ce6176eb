using Finance.Conversation.Replies;
using ScottPlot;

namespace Finance.Conversation.Summaries;

/// <summary>The summary's picture: spending per category, this period's bar beside the previous one's.</summary>
public static class SpendingChart
{
    public const int Width = 800;
    public const int Height = 450;

    /// <summary>The chart, or null when nothing in <paramref name="currency"/> was spent in either period.</summary>
    public static byte[]? RenderIfAny(PeriodSummary summary, string currency) =>
        summary.Categories.Any(c => c.Currency == currency) ? Render(summary, currency) : null;

    /// <summary>A PNG; categories of the context's base currency only (amounts in other currencies are
    /// not comparable on one axis and are in the text).</summary>
    public static byte[] Render(PeriodSummary summary, string currency)
    {
        var say = Phrases.For(summary.Language);
        var rows = summary.Categories.Where(c => c.Currency == currency).Take(8).ToList();
        var plot = new Plot();
        var bars = new List<Bar>();
        for (var i = 0; i < rows.Count; i++)
        {
            bars.Add(new Bar { Position = i * 3, Value = (double)rows[i].Current, FillColor = Colors.SteelBlue });
            bars.Add(new Bar { Position = i * 3 + 1, Value = (double)rows[i].Previous, FillColor = Colors.LightGray });
        }
        plot.Add.Bars(bars);
        plot.Axes.Bottom.SetTicks(
            rows.Select((_, i) => i * 3 + 0.5).ToArray(),
            rows.Select(r => MoneyText.Category(r.Category, summary.Language)).ToArray());
        plot.Axes.Bottom.TickLabelStyle.Rotation = rows.Count > 4 ? -30 : 0;
        plot.Axes.Bottom.TickLabelStyle.Alignment = rows.Count > 4 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.Margins(bottom: 0);
        plot.Legend.IsVisible = true;
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = say.ChartThis, FillColor = Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = say.ChartPrevious, FillColor = Colors.LightGray });
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.Title($"{MoneyText.Day(summary.From, summary.Language)} – {MoneyText.Day(summary.To, summary.Language)} ({currency})");
        return plot.GetImageBytes(Width, Height, ImageFormat.Png);
    }
}
