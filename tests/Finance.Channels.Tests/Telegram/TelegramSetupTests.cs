using Finance.Channels.Telegram;
using Finance.Core;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Finance.Channels.Tests.Telegram;

public class TelegramSetupTests
{
    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IInbox>(new RecordingInbox());
        builder.Services.AddTelegram(builder.Configuration);
        return builder.Build();
    }

    [Fact]
    public void Without_a_token_no_telegram_channel_is_registered()
    {
        using var host = Build([]);

        Assert.Empty(host.Services.GetServices<IChannel>());
        Assert.Empty(host.Services.GetServices<IHostedService>().OfType<TelegramPolling>());
    }

    [Fact]
    public async Task Webhook_mode_without_a_secret_fails_at_start()
    {
        using var host = Build(new()
        {
            ["Finance:Telegram:BotToken"] = "123:abc",
            ["Finance:Telegram:Mode"] = "webhook",
        });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("WebhookSecret", error.Message);
    }

    [Fact]
    public async Task Malformed_token_fails_at_start()
    {
        using var host = Build(new() { ["Finance:Telegram:BotToken"] = "paste-your-token-here " });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains("BotToken", error.Message);
    }

    [Fact]
    public async Task Webhook_mode_with_a_public_url_registers_the_webhook_with_its_secret()
    {
        await using var api = await LoopbackTelegramApi.StartAsync();
        using var host = Build(new()
        {
            ["Finance:Telegram:BotToken"] = api.Token,
            ["Finance:Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Finance:Telegram:Mode"] = "webhook",
            ["Finance:Telegram:WebhookSecret"] = "s3cret-token",
            ["Finance:Telegram:PublicWebhookUrl"] = "https://finance.example.org/webhooks/telegram",
        });

        await host.StartAsync();
        await api.WaitForAsync("setWebhook");
        await host.StopAsync();

        Assert.Equal("https://finance.example.org/webhooks/telegram", api.WebhookUrl);
        Assert.Equal("s3cret-token", api.WebhookSecret);
        Assert.Empty(api.CallsTo("getUpdates"));
    }
}
