namespace Finance.Banks.Connections;

/// <summary>A sync of one connection to run apart from what asked for it (a chat message, a failed sync's retry).</summary>
/// <param name="Channel">Where to tell what it brought, with <paramref name="ChatId"/>; null: the acting user's last chat.</param>
/// <param name="Asked">Someone asked for it and waits for an answer, "nothing new" included; a retry says only news.</param>
/// <param name="Attempt">1 for the first run; a retry counts on, so a bank that stays down is not asked for ever.</param>
/// <param name="MessageId">The channel's id of the chat message that asked (with <paramref name="Channel"/>): a message
/// handled twice (retried after a crash) queues and runs each attempt of the sync once. Null for a scheduled run.</param>
public sealed record BankSyncRequest(
    long ConnectionId, Guid ContextId, Guid UserId, string? Channel, string? ChatId, bool Asked, int Attempt = 1, string? MessageId = null);

/// <summary>
/// Where syncs wait to run: the clustered Quartz scheduler (Finance.Jobs) on hosts that run it, so whichever host's
/// scheduler is free runs the request, it survives a restart, and the chat message that asked does not wait for
/// the bank. A host with the scheduler off has no queue (<see cref="NoBankSyncQueue"/>).
/// </summary>
public interface IBankSyncQueue
{
    /// <summary>Queues <paramref name="request"/> to run after <paramref name="delay"/>; false when this host has
    /// nowhere to queue it.</summary>
    Task<bool> QueueAsync(BankSyncRequest request, TimeSpan delay, CancellationToken cancellationToken);
}

/// <summary>A host whose scheduler is off (Finance:Jobs:Enabled=false): nothing can be queued here.</summary>
public sealed class NoBankSyncQueue : IBankSyncQueue
{
    public Task<bool> QueueAsync(BankSyncRequest request, TimeSpan delay, CancellationToken cancellationToken) => Task.FromResult(false);
}
