using Finance.Jobs.Rates;
using Finance.Ledger;
using Finance.Ledger.Rates;
using Finance.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Finance.Jobs.Tests.Rates;

public sealed class ExchangeRatesJobTests : IAsyncLifetime
{
    private static readonly DateOnly Monday = new(2026, 11, 23), Tuesday = new(2026, 11, 24);
    private readonly ExchangeRates rates = new();
    private JobsHost world = null!;
    private LoopbackEcbRates ecb = null!;

    public async Task InitializeAsync()
    {
        world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 24, 18, 0, 0, TimeSpan.Zero));
        ecb = await LoopbackEcbRates.StartAsync();
        ecb.Days[Monday] = new() { ["USD"] = 1.0500m, ["BRL"] = 6.1000m, ["GBP"] = 0.8400m };
        ecb.Days[Tuesday] = new() { ["USD"] = 1.1000m, ["BRL"] = 6.0500m, ["GBP"] = 0.8500m };
    }

    public async Task DisposeAsync()
    {
        await ecb.DisposeAsync();
        await world.DisposeAsync();
    }

    private ExchangeRatesJob Job() => new(new EcbRatesFeed(new HttpClient()), rates, world.Database.DataSource,
        Options.Create(new RatesOptions { Url = ecb.DailyUrl, HistoryUrl = ecb.HistoryUrl }), NullLogger<ExchangeRatesJob>.Instance);

    private async Task<decimal?> ConvertAsync(decimal amount, string from, DateOnly date, string to)
    {
        await using var session = await LedgerSession.BeginAsync(world.Database.DataSource, default);
        return await rates.ConvertAsync(session, amount, from, date, to);
    }

    [Fact]
    public async Task Rates_are_stored_by_date_and_each_amount_converts_at_its_own_dates_rate()
    {
        await Job().RunAsync(withHistory: true, default);

        Assert.Equal(47.25m, await ConvertAsync(45m, "EUR", Monday, "USD"));
        Assert.Equal(49.50m, await ConvertAsync(45m, "EUR", Tuesday, "USD"));
        // Through the euro: 100 USD on Tuesday is 100 / 1.10 * 6.05 BRL.
        Assert.Equal(550.0000m, await ConvertAsync(100m, "USD", Tuesday, "BRL"));
        // A Saturday takes the Friday-to-Tuesday week's latest rate before it.
        Assert.Equal(49.50m, await ConvertAsync(45m, "EUR", Tuesday.AddDays(4), "USD"));
    }

    [Fact]
    public async Task Without_a_rate_an_amount_does_not_convert()
    {
        await Job().RunAsync(withHistory: false, default); // the daily feed: Tuesday only

        Assert.Null(await ConvertAsync(45m, "EUR", Monday, "USD"));
        Assert.Null(await ConvertAsync(45m, "JPY", Tuesday, "USD"));
        Assert.Equal(45m, await ConvertAsync(45m, "JPY", Monday, "JPY"));
        await using var session = await LedgerSession.BeginAsync(world.Database.DataSource, default);
        Assert.Equal([49.50m, null, 12m], await rates.ConvertAsync(session,
            [(45m, "EUR", Tuesday), (45m, "EUR", Monday), (12m, "USD", Monday)], "USD"));
    }

    [Fact]
    public async Task A_failing_feed_keeps_the_rates_already_stored()
    {
        await Job().RunAsync(withHistory: true, default);
        ecb.Status = 503;

        Assert.Equal(0, await Job().RunAsync(withHistory: true, default));
        Assert.Equal(47.25m, await ConvertAsync(45m, "EUR", Monday, "USD"));
    }

    [Fact]
    public async Task A_rate_published_again_replaces_the_days_rate()
    {
        await Job().RunAsync(withHistory: false, default);
        ecb.Days[Tuesday]["USD"] = 1.2000m;
        await Job().RunAsync(withHistory: false, default);

        Assert.Equal(54.00m, await ConvertAsync(45m, "EUR", Tuesday, "USD"));
    }

    [Fact]
    public async Task The_scheduler_fetches_the_history_once_at_start_up()
    {
        await world.StartSchedulerHostAsync("0 0 0 1 1 ? 2099", new Dictionary<string, string?>
        {
            ["Finance:Rates:Enabled"] = "true",
            ["Finance:Rates:Url"] = ecb.DailyUrl,
            ["Finance:Rates:HistoryUrl"] = ecb.HistoryUrl,
            ["Finance:Rates:Cron"] = "0 0 0 1 1 ? 2099",
        });

        await ecb.WaitForAsync("/daily.xml", TimeSpan.FromSeconds(30));
        Assert.Equal(["/hist-90d.xml", "/daily.xml"], ecb.Requests);
        await WaitForStoredAsync(Monday);
        Assert.Equal(47.25m, await ConvertAsync(45m, "EUR", Monday, "USD"));
    }

    // The job stores after its last fetch; wait for the commit through the database, not a sleep.
    private async Task WaitForStoredAsync(DateOnly day)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            await using var session = await LedgerSession.BeginAsync(world.Database.DataSource, default);
            if (await session.QuerySingleAsync<bool>("SELECT EXISTS (SELECT 1 FROM exchange_rates WHERE rate_date = @day)", new { day }) &&
                await rates.LatestDateAsync(session) == Tuesday) return;
            await Task.Delay(100);
        }
        throw new TimeoutException("rates were not stored");
    }
}
