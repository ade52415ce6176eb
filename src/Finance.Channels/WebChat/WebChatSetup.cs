using Finance.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Finance.Channels.WebChat;

public static class WebChatSetup
{
    /// <summary>Options always; the channel, its reply and upload stores (in PostgreSQL: the data source comes from
    /// the ledger) and their listener and sweep only when the web chat is enabled (the default, so a fresh machine
    /// can try Finance with no token).</summary>
    public static IServiceCollection AddWebChat(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(WebChatOptions.Section);
        services.AddOptions<WebChatOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);

        var options = section.Get<WebChatOptions>() ?? new WebChatOptions();
        if (!options.Enabled) return services;

        services.TryAddSingleton<SessionConnections>();
        services.AddSingleton<ReplySignals>();
        services.AddSingleton<WebChatReplies>();
        services.AddSingleton<WebChatUploads>();
        services.AddSingleton<WebChatChannel>();
        services.AddSingleton<IChannel>(sp => sp.GetRequiredService<WebChatChannel>());
        services.AddHostedService<WebChatReplyListener>();
        services.AddHostedService<WebChatSweep>();
        return services;
    }
}
