using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Channels.WebChat;

/// <summary>LISTENs, on a connection of its own, for the replies any host stores, and wakes this host's event
/// streams of that chat. When the connection is lost it connects again and wakes every stream, since a
/// notification may have gone by in between.</summary>
public sealed class WebChatReplyListener(
    SessionConnections connections, ReplySignals signals, TimeProvider time, ILogger<WebChatReplyListener> logger) : BackgroundService
{
    private static readonly TimeSpan LongestBackoff = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        for (var failures = 0; !stoppingToken.IsCancellationRequested;)
        {
            try
            {
                await using var connection = await connections.OpenAsync("web chat listener", stoppingToken);
                connection.Notification += (_, e) => signals.Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {WebChatReplies.NotifyChannel}", connection))
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                failures = 0;
                signals.WakeAll();
                while (true) await connection.WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // Streams still read on every heartbeat, so replies are late, not lost, until the connection is back.
                var delay = TimeSpan.FromSeconds(Math.Min(LongestBackoff.TotalSeconds, Math.Pow(2, failures++)));
                logger.LogWarning(e, "Web chat reply notifications lost; listening again in {Delay}", delay);
                try
                {
                    await Task.Delay(delay, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
