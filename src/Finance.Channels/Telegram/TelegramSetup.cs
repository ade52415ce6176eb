using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
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
            .RemoveAllLoggers()
            // Flood limits (429 with the wait in parameters.retry_after) and brief 5xx hiccups are tried again; no
            // timeout per try, since getUpdates holds its request open for the long-poll timeout.
            .AddOutboundResilience(HttpClientName, new OutboundPolicy
            {
                IsTransient = response => ValueTask.FromResult((int)response.StatusCode >= 500),
                AskedDelay = FloodWaitAsync,
            });
        services.AddSingleton<ITelegramBotClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<TelegramOptions>>().Value;
            var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            // Long polls hold a request open for PollingTimeoutSeconds; leave room above that.
            http.Timeout = TimeSpan.FromSeconds(o.PollingTimeoutSeconds + 30);
            // RetryCount 0: the HTTP client's resilience pipeline owns retries, so there is one policy to read.
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

    /// <summary>The Bot API answers a flood with 429 and <c>{"parameters":{"retry_after":N}}</c> (N seconds).</summary>
    private static async ValueTask<TimeSpan?> FloodWaitAsync(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.TooManyRequests) return null;
        await response.Content.LoadIntoBufferAsync(); // Telegram.Bot reads the body again to make its exception
        try
        {
            var seconds = JsonNode.Parse(await response.Content.ReadAsStringAsync())?["parameters"]?["retry_after"]?.GetValue<int>();
            return seconds is { } s ? TimeSpan.FromSeconds(Math.Max(s, 1)) : OutboundHttp.RetryAfter(response);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return OutboundHttp.RetryAfter(response);
        }
    }
}
