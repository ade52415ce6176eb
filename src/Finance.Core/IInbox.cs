namespace Finance.Core;

/// <summary>Where channels put what users send: durable, and idempotent on (channel, external id).</summary>
public interface IInbox
{
    /// <summary>Stores the message; false when it was already there (a redelivery).</summary>
    Task<bool> EnqueueAsync(InboundMessage message, CancellationToken cancellationToken);
}
