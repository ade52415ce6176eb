using Finance.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace Finance.Channels.Telegram;

/// <summary>Long polling (getUpdates) for machines without a public address; feeds the same inbox as the webhook.
/// Of several hosts, only the holder of the <see cref="PollingLease"/> polls; the others try to take it every
/// <see cref="TelegramOptions.LeaseRetryInterval"/> and one of them carries on when the holder dies. The offset
/// moves past an update only once the inbox holds it, so a crash (or a change of poller) re-fetches it and the
/// inbox's idempotency drops the copy.</summary>
public sealed class TelegramPolling(
    ITelegramBotClient bot, IInbox inbox, PollingLease lease, IOptions<TelegramOptions> options, TimeProvider time,
    ILogger<TelegramPolling> logger) : BackgroundService
{
    private static readonly UpdateType[] Wanted = [UpdateType.Message, UpdateType.CallbackQuery];
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.Mode != TelegramMode.Polling) return;

        while (await TakeLeaseAsync(o, stoppingToken) is { } held)
            await using (held)
                await PollAsync(held, o, stoppingToken);
    }

    /// <summary>Waits until this host holds the lease; null when the host stops first.</summary>
    private async Task<PollingLease.Held?> TakeLeaseAsync(TelegramOptions o, CancellationToken stoppingToken)
    {
        for (var failures = 0; ;)
        {
            var wait = o.LeaseRetryInterval;
            try
            {
                if (await lease.TryTakeAsync(o.BotToken!, stoppingToken) is { } held) return held;
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception e)
            {
                wait = Backoff(++failures);
                logger.LogWarning(e, "Could not ask PostgreSQL for the Telegram polling lease; next try in {Delay}", wait);
            }
            if (!await DelayAsync(wait, stoppingToken)) return null;
        }
    }

    /// <summary>Polls while the lease holds; returns when it is lost (or the host stops).</summary>
    private async Task PollAsync(PollingLease.Held held, TelegramOptions o, CancellationToken stoppingToken)
    {
        // Telegram refuses getUpdates while a webhook is set (409), e.g. one left from an earlier deployment.
        if (!await RepeatUntilDoneAsync(ct => bot.DeleteWebhook(cancellationToken: ct), "deleteWebhook", stoppingToken)) return;
        logger.LogInformation("Telegram long polling started on this host");

        int? offset = null;
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (!await held.StillHeldAsync(stoppingToken))
            {
                if (!stoppingToken.IsCancellationRequested) logger.LogWarning("Telegram polling lease lost; another host may poll now");
                return;
            }
            try
            {
                var updates = await bot.GetUpdates(offset, limit: 100, timeout: o.PollingTimeoutSeconds, allowedUpdates: Wanted,
                    cancellationToken: stoppingToken);
                foreach (var update in updates)
                {
                    if (TelegramUpdateMapper.Map(update, time.GetUtcNow()) is { } message)
                        await inbox.EnqueueAsync(message, stoppingToken);
                    offset = update.Id + 1;
                }
                failures = 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                failures++;
                var delay = Backoff(failures);
                logger.LogError(e, "Telegram polling failed ({Failures} in a row); next try in {Delay}", failures, delay);
                if (!await DelayAsync(delay, stoppingToken)) return;
            }
        }
    }

    private async Task<bool> RepeatUntilDoneAsync(Func<CancellationToken, Task> call, string what, CancellationToken stoppingToken)
    {
        for (var failures = 1; ; failures++)
        {
            try
            {
                await call(stoppingToken);
                return true;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }
            catch (Exception e)
            {
                var delay = Backoff(failures);
                logger.LogError(e, "Telegram {Call} failed; next try in {Delay}", what, delay);
                if (!await DelayAsync(delay, stoppingToken)) return false;
            }
        }
    }

    private static TimeSpan Backoff(int failures) =>
        TimeSpan.FromSeconds(Math.Min(LongestBackoff.TotalSeconds, Math.Pow(2, failures - 1)));

    private async Task<bool> DelayAsync(TimeSpan delay, CancellationToken stoppingToken)
    {
        try
        {
            await Task.Delay(delay, time, stoppingToken);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
