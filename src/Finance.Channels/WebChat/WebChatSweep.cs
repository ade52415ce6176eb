using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Finance.Channels.WebChat;

/// <summary>Deletes expired uploads and the replies of chats whose page went away. Every host sweeps; a row
/// deleted twice is deleted once.</summary>
public sealed class WebChatSweep(
    WebChatReplies replies, WebChatUploads uploads, IOptions<WebChatOptions> options, TimeProvider time, ILogger<WebChatSweep> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var gone = await replies.SweepAsync(stoppingToken) + await uploads.SweepAsync(stoppingToken);
                    if (gone > 0) logger.LogDebug("Web chat sweep deleted {Rows} expired replies and uploads", gone);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Web chat sweep failed; trying again at the next tick");
                }
            }
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }
}
