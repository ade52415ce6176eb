using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;

namespace Finance.Channels.Telegram;

/// <summary>In webhook mode with a public URL, tells Telegram where to deliver (setWebhook with the secret).
/// Retries in the background: the host serves meanwhile, and Telegram keeps updates for a day.</summary>
public sealed class TelegramWebhookRegistration(
    ITelegramBotClient bot, IOptions<TelegramOptions> options, TimeProvider time, ILogger<TelegramWebhookRegistration> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.Enabled || o.Mode != TelegramMode.Webhook || string.IsNullOrEmpty(o.PublicWebhookUrl)) return;

        for (var attempt = 1; !stoppingToken.IsCancellationRequested; attempt++)
        {
            try
            {
                await bot.SetWebhook(o.PublicWebhookUrl, secretToken: o.WebhookSecret,
                    allowedUpdates: [UpdateType.Message, UpdateType.CallbackQuery], cancellationToken: stoppingToken);
                logger.LogInformation("Telegram webhook set to {Url}", o.PublicWebhookUrl);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var delay = TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempt)));
                logger.LogError(e, "Setting the Telegram webhook failed; retrying in {Delay}", delay);
                await Task.Delay(delay, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }
}
