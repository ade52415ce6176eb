using System.Globalization;
using Finance.Conversation.Summaries;
using Finance.Ledger;
using Finance.Ledger.Budgets;
using Finance.Ledger.Contexts;
using Finance.Ledger.Subscriptions;
using Finance.Ledger.Transactions;

namespace Finance.Cli;

/// <summary>finance summary --context ID [--period week|month] [--at TIME] [--png FILE [--theme dark]] [--lang en|pt]:
/// prints a context's summary as the bot would send it at TIME (default now) and writes its chart.
/// --period week is the weekly job's summary (the whole week before TIME's week); month is the month so far.</summary>
internal static class SummaryCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        string? Option(string name) => CliContext.Option(args, name);
        var connectionString = CliContext.ConnectionString(args);
        if (string.IsNullOrWhiteSpace(connectionString) || !Guid.TryParse(Option("--context"), out var contextId))
        {
            Console.Error.WriteLine("usage: finance summary --context ID [--period week|month] [--at TIME] [--png FILE [--theme dark]] [--lang en|pt] (ConnectionStrings__Finance or --connection)");
            return 2;
        }
        var at = Option("--at") is { } text ? DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal) : DateTimeOffset.UtcNow;
        var period = Option("--period") == "month" ? SummaryPeriod.Month : SummaryPeriod.Week;

        await using var dataSource = LedgerSetup.CreateDataSource(connectionString);
        await using var session = await LedgerSession.BeginAsync(dataSource, cancellationToken);
        if (!await CliContext.EnterAsync(session, contextId)) return 1;
        var context = await session.QuerySingleAsync<LedgerContext>(
            "SELECT id, name, kind, base_currency, time_zone FROM contexts WHERE id = app_context()");
        var language = Option("--lang") ?? await session.QuerySingleAsync<string>("SELECT language FROM users WHERE id = app_user()");

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(at, context.Zone).DateTime);
        var (from, to) = period == SummaryPeriod.Week
            ? SummaryPeriods.LastWholeWeek(today)
            : SummaryPeriods.SoFar(period, today);
        var composer = new SummaryComposer(new TransactionStore(), new BudgetStore(), new SubscriptionStore());
        var summary = await composer.ComposeAsync(session, context, language, period, from, to, today);
        Console.WriteLine(summary.Text);
        if (Option("--png") is { } png)
        {
            await File.WriteAllBytesAsync(png, SpendingChart.Render(summary, Option("--theme") == "dark" ? ChartTheme.Dark : ChartTheme.Light), cancellationToken);
            Console.Error.WriteLine($"chart: {png}");
        }
        return 0;
    }
}
