using Finance.Channels.WhatsApp;
using Finance.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Finance.Channels.Tests.WhatsApp;

public class WhatsAppSetupTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["Finance:WhatsApp:AccessToken"] = "EAAGtoken",
        ["Finance:WhatsApp:PhoneNumberId"] = "106540352242922",
        ["Finance:WhatsApp:AppSecret"] = "secret",
    };

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        foreach (var (key, value) in settings) builder.Configuration[key] = value;
        builder.Services.AddLogging();
        builder.Services.AddSingleton<IInbox>(new RecordingInbox());
        builder.Services.AddWhatsApp(builder.Configuration);
        return builder.Build();
    }

    private static Dictionary<string, string?> CompleteWith(string key, string? value) => new(Complete) { [key] = value };

    [Fact]
    public async Task Without_an_access_token_no_whatsapp_channel_is_registered_and_the_host_starts()
    {
        using var host = Build([]);

        await host.StartAsync();

        Assert.Empty(host.Services.GetServices<IChannel>());
        await host.StopAsync();
    }

    [Fact]
    public async Task With_an_access_token_the_channel_is_registered_with_meta_as_the_default_api()
    {
        using var host = Build(Complete);

        await host.StartAsync();

        Assert.IsType<WhatsAppChannel>(Assert.Single(host.Services.GetServices<IChannel>()));
        var options = host.Services.GetRequiredService<IOptions<WhatsAppOptions>>().Value;
        Assert.Equal(("https://graph.facebook.com", "v24.0"), (options.ApiBaseUrl, options.ApiVersion));
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Finance:WhatsApp:AppSecret", null, "AppSecret")]
    [InlineData("Finance:WhatsApp:PhoneNumberId", null, "PhoneNumberId")]
    [InlineData("Finance:WhatsApp:PhoneNumberId", "+1 555 0100", "PhoneNumberId")]
    [InlineData("Finance:WhatsApp:ApiVersion", "24", "ApiVersion")]
    [InlineData("Finance:WhatsApp:ApiBaseUrl", "graph facebook", "ApiBaseUrl")]
    [InlineData("Finance:WhatsApp:AccessToken", "Bearer EAAG", "AccessToken")]
    [InlineData("Finance:WhatsApp:Templates:WeeklySummary:Name", "Weekly Summary", "WeeklySummary")]
    public async Task A_setting_that_cannot_work_fails_at_start_and_names_itself(string key, string? value, string named)
    {
        using var host = Build(CompleteWith(key, value));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());
        Assert.Contains(named, error.Message);
    }
}
