using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Contexts;
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
        refusal = new OutboundReply(Phrases.For(LocaleDefaults.For(message.LanguageCode).Language).RateLimited);
        return false;
    }

    public void Dispose() => limiter.Dispose();
}
