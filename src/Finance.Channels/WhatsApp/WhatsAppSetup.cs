using Finance.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WhatsApp;

public static class WhatsAppSetup
{
    public const string HttpClientName = "whatsapp";

    /// <summary>Options always (the webhook refuses everything without an app secret); the Graph API client and the
    /// channel only when an access token is configured.</summary>
    public static IServiceCollection AddWhatsApp(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WhatsAppOptions.Section);
        services.AddOptions<WhatsAppOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WhatsAppOptions>, WhatsAppOptionsValidation>());
        services.TryAddSingleton(TimeProvider.System);

        var options = section.Get<WhatsAppOptions>() ?? new WhatsAppOptions();
        if (!options.Enabled) return services;

        services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(60))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            // The default request logging adds media URLs, which are signed links.
            .RemoveAllLoggers()
            // Retry-After is honoured up to 30 s (longer: the inbox tries again later); other "later" answers back off.
            .AddOutboundResilience(HttpClientName, new OutboundPolicy { IsTransient = WhatsAppCloudApi.IsTransientAsync });
        services.AddSingleton<WhatsAppCloudApi>();
        services.AddSingleton<WhatsAppChannel>();
        services.AddSingleton<IChannel>(sp => sp.GetRequiredService<WhatsAppChannel>());
        return services;
    }
}
