using Finance.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Finance.Channels.Telegram;

public static class TelegramSetup
{
    public const string HttpClientName = "telegram";

    /// <summary>Options always (the webhook answers 401 without a secret); client, channel and the update source
    /// only when a bot token is configured.</summary>
    public static IServiceCollection AddTelegram(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(TelegramOptions.Section);
        services.AddOptions<TelegramOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TelegramOptions>, TelegramOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);

        var options = section.Get<TelegramOptions>() ?? new TelegramOptions();
        if (!options.Enabled) return services;

        services.AddHttpClient(HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The default request logging writes the URL, and the URL carries the bot token.
            .RemoveAllLoggers();
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            // Long polls hold a request open for PollingTimeoutSeconds; leave room above that.
            http.Timeout = TimeSpan.FromSeconds(o.PollingTimeoutSeconds + 30);
            // RetryCount 0: TelegramChannel owns retries, so there is one policy to read.
            return new TelegramBotClient(new TelegramBotClientOptions(o.BotToken!, o.ApiBaseUrl) { RetryCount = 0 }, http);
        });
        services.AddSingleton<TelegramChannel>();
        services.AddSingleton<IChannel>(sp => sp.GetRequiredService<TelegramChannel>());

        if (options.Mode == TelegramMode.Polling)
        {
            services.TryAddSingleton<SessionConnections>();
            services.AddSingleton<PollingLease>();
            services.AddHostedService<TelegramPolling>();
        }
        else if (!string.IsNullOrEmpty(options.PublicWebhookUrl)) services.AddHostedService<TelegramWebhookRegistration>();
        return services;
    }
}
