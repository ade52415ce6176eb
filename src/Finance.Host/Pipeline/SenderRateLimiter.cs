using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Finance.Core;
using Microsoft.Extensions.Options;

namespace Finance.Host.Pipeline;

/// <summary>
/// A token bucket per sender, so a flood from one chat cannot starve the others: messages past the
/// limit are not handled, and the sender is told so once per window (never silently dropped without a
/// word). Per host: with several hosts the effective limit is that many times higher.
/// </summary>
public sealed class SenderRateLimiter(IOptions<PipelineOptions> options, TimeProvider time) : IDisposable
{
    private readonly PartitionedRateLimiter<InboundMessage> limiter = PartitionedRateLimiter.Create<InboundMessage, string>(
        message => RateLimitPartition.GetTokenBucketLimiter($"{message.Channel}:{message.SenderId}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.MessagesPerMinute,
            TokensPerPeriod = options.Value.MessagesPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    private readonly ConcurrentDictionary<string, DateTimeOffset> toldUntil = new();

    /// <summary>True when the message may be handled. Otherwise <paramref name="refusal"/> is what to tell
    /// the sender, or null when they were already told in this window.</summary>
    public bool TryAdmit(InboundMessage message, out OutboundReply? refusal)
    {
        refusal = null;
        using var lease = limiter.AttemptAcquire(message);
        if (lease.IsAcquired) return true;

        var key = $"{message.Channel}:{message.SenderId}";
        var now = time.GetUtcNow();
        if (toldUntil.TryGetValue(key, out var until) && until > now) return false;
        toldUntil[key] = now.AddMinutes(1);
        var pt = message.LanguageCode?.StartsWith("pt", StringComparison.OrdinalIgnoreCase) == true;
        refusal = new OutboundReply(pt
            ? "✋ Você está mandando mensagens mais rápido do que consigo anotar. Vou pausar por um minuto: o que chegar até lá NÃO será anotado — envie de novo depois."
            : "✋ You're sending messages faster than I can book them. I'm pausing for a minute: anything you send until then is NOT booked — please send it again afterwards.");
        return false;
    }

    public void Dispose() => limiter.Dispose();
}
