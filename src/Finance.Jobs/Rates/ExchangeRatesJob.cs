using Finance.Ledger;
using Finance.Ledger.Rates;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Quartz;

namespace Finance.Jobs.Rates;

/// <summary>Fetches reference rates and stores them by date. On the daily cron it reads the daily feed; the
/// start-up trigger reads the 90-day feed as well. A failed fetch only logs: conversions keep the rates they
/// have, and replies show amounts side by side where a rate is missing.</summary>
[DisallowConcurrentExecution]
public sealed class ExchangeRatesJob(
    EcbRatesFeed feed, ExchangeRates rates, NpgsqlDataSource dataSource, IOptions<RatesOptions> options, ILogger<ExchangeRatesJob> logger) : IJob
{
    public const string Name = "exchange-rates";
    public const string AtStart = "exchange-rates-at-start";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await RunAsync(context.Trigger.Key.Name == AtStart, cancellationToken);

    public async Task<int> RunAsync(bool withHistory, CancellationToken cancellationToken)
    {
        var stored = 0;
        foreach (var url in withHistory ? [options.Value.HistoryUrl, options.Value.Url] : new[] { options.Value.Url })
        {
            IReadOnlyList<ExchangeRate> fetched;
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(options.Value.Timeout);
                fetched = await feed.FetchAsync(url, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or FormatException or System.Xml.XmlException ||
                                       (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                logger.LogWarning("Exchange rates not fetched from {Url}: {Problem}", url, e.Message);
                continue;
            }
            await using var session = await LedgerSession.BeginAsync(dataSource, cancellationToken);
            stored += await rates.SaveAsync(session, fetched);
            await session.CommitAsync();
            logger.LogInformation("Stored {Count} exchange rates from {Url}", fetched.Count, url);
        }
        return stored;
    }
}
