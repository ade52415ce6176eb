using Finance.Banks.Connections;
using Finance.Banks.Providers;
using Finance.Conversation.Commands;
using Finance.Core;
using Finance.Jobs.Outbox;
using Finance.Ledger;
using Finance.Ledger.Contexts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Finance.Jobs.Banks;

/// <summary>
/// Bank syncs apart from any chat message: every active connection on the schedule, one connection when /bank sync
/// queued it, and a connection's first sync right after its consent came back. Each connection syncs in its own
/// context's session with its creator (or the user who asked) acting; whatever it brought is told in one message
/// through the outbox, in the same transaction as the rows (so a crash loses neither and doubles neither), and the
/// outbox is sent at the end. A sync the bank failed part-way keeps and tells what came, and is queued again.
/// </summary>
public sealed class BankSyncRun(
    NpgsqlDataSource database,
    BankSync sync,
    IBankSyncQueue queue,
    OutboxStore outbox,
    OutboxSender sender,
    IOptions<BankOptions> options,
    TimeProvider time,
    ILogger<BankSyncRun> logger)
{
    public const string SyncKind = "bank_sync";
    public const string LinkedKind = "bank_linked";

    /// <summary>Runs of one request, the first included: a bank that stays down is left to the scheduled sync.</summary>
    public const int MaxAttempts = 3;

    /// <summary>Another host is syncing the connection: a queued request looks again after this long, so whoever
    /// asked still hears what came.</summary>
    public static readonly TimeSpan BusyWait = TimeSpan.FromSeconds(30);

    /// <summary>Syncs every active connection not synced within half the interval (another host's run, or /bank
    /// sync, just did it), after sweeping consents nobody finished; returns how many synced.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        IReadOnlyList<Due> due;
        await using (var lookup = await LedgerSession.BeginAsync(database, cancellationToken))
        {
            due = (await lookup.QueryAsync<Due>("SELECT id, context_id, created_by FROM bank_connections_to_sync()")).ToList();
            await lookup.ExecuteAsync("SELECT sweep_bank_consents()");
            await lookup.CommitAsync();
        }
        var syncedBefore = time.GetUtcNow() - TimeSpan.FromHours(options.Value.SyncEveryHours) / 2;
        var synced = 0;
        foreach (var connection in due)
        {
            try
            {
                await using var session = await LedgerSession.BeginAsync(database, cancellationToken, connection.ContextId, connection.CreatedBy);
                var (context, recipient) = await WhereAsync(session, null);
                var result = await sync.SyncAsync(session, connection.Id, Today(context), cancellationToken, syncedBefore);
                if (result.Outcome is SyncOutcome.Busy or SyncOutcome.Gone) continue;
                await TellAsync(session, recipient, result, Today(context), always: false);
                await RetryIfFailedAsync(new BankSyncRequest(connection.Id, connection.ContextId, connection.CreatedBy, null, null, Asked: false), result,
                    cancellationToken);
                await session.CommitAsync();
                synced++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A broken connection must not stop the others; the next run tries again.
                logger.LogWarning(e, "Bank connection {ConnectionId} of context {ContextId} did not sync", connection.Id, connection.ContextId);
            }
        }
        await sender.DrainAsync(cancellationToken);
        return synced;
    }

    /// <summary>A queued sync of one connection (<see cref="BankSyncNowJob"/>): syncs it whenever it last synced and
    /// tells the chat that asked what came ("nothing new" too, when someone asked). Another host syncing it right now
    /// makes this one queue itself again a little later. A request a chat message made runs once for that message and
    /// attempt, however often it was queued.</summary>
    public async Task RunRequestedAsync(BankSyncRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await using var session = await LedgerSession.BeginAsync(database, cancellationToken, request.ContextId, request.UserId);
            if (!await FirstRunAsync(session, request))
            {
                logger.LogInformation("The sync of bank connection {ConnectionId} that message {MessageId} asked for (attempt {Attempt}) ran already",
                    request.ConnectionId, request.MessageId, request.Attempt);
                return;
            }
            var (context, recipient) = await WhereAsync(session, request);
            var result = await sync.SyncAsync(session, request.ConnectionId, Today(context), cancellationToken);
            if (result.Outcome == SyncOutcome.Busy)
                await RequeueAsync(request, BusyWait, cancellationToken);
            else if (result.Outcome != SyncOutcome.Gone)
            {
                var bank = result.Connection?.Institution ?? await session.QuerySingleAsync<string>(
                    "SELECT institution FROM bank_connections WHERE context_id = app_context() AND id = @id", new { id = request.ConnectionId });
                await TellAsync(session, recipient, result, Today(context), request.Asked, bank);
                await RetryIfFailedAsync(request with { Asked = false }, result, cancellationToken);
            }
            await session.CommitAsync();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(e, "The queued sync of bank connection {ConnectionId} (attempt {Attempt}) failed", request.ConnectionId, request.Attempt);
            await RequeueAsync(request, options.Value.RetryAfter, cancellationToken);
            return;
        }
        await sender.DrainAsync(cancellationToken);
    }

    /// <summary>Records that the message's request runs now (migration 030), in the transaction that books what it reads:
    /// false when a run of the same message and attempt did (the message was handled twice and queued it twice). Another
    /// run recording it at this moment makes this one wait for its commit. A request no message made always runs.</summary>
    private async Task<bool> FirstRunAsync(LedgerSession session, BankSyncRequest request) =>
        request is not { Channel: { } channel, MessageId: { } message } || await session.ExecuteAsync("""
            INSERT INTO bank_syncs_run (connection_id, context_id, channel, message_id, attempt, ran_at)
            VALUES (@ConnectionId, app_context(), @channel, @message, @Attempt, @now)
            ON CONFLICT DO NOTHING
            """, new { request.ConnectionId, channel, message, request.Attempt, now = time.GetUtcNow() }) == 1;

    /// <summary>How long a run's record is kept: a message is retried within minutes, so a day outlasts every copy of
    /// its request.</summary>
    public static readonly TimeSpan RunsKept = TimeSpan.FromDays(1);

    /// <summary>Deletes the records of runs older than <see cref="RunsKept"/>, of every context: the host's sweep
    /// (PipelineSweep) calls it, as the login that owns the table, so row-level security does not narrow it to one
    /// context. A context that never syncs again no longer keeps its rows. The table holds a day of /bank sync
    /// requests, so the scan is short.</summary>
    public async Task<int> SweepRunsAsync(CancellationToken cancellationToken)
    {
        await using var sweep = database.CreateCommand("DELETE FROM bank_syncs_run WHERE ran_at < $1");
        sweep.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = time.GetUtcNow() - RunsKept });
        return await sweep.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The consent came back: tells the chat that asked which accounts are linked (or that the bank said
    /// no), then runs the first sync and tells what it brought. Returns the user's language for the page.</summary>
    public async Task<string> LinkedAsync(LinkedConsent linked, CancellationToken cancellationToken)
    {
        string language;
        await using (var session = await LedgerSession.BeginAsync(database, cancellationToken, linked.ContextId, linked.UserId))
        {
            var request = new BankSyncRequest(linked.ConnectionId, linked.ContextId, linked.UserId, linked.Channel, linked.ChatId, Asked: false);
            var (context, recipient) = await WhereAsync(session, request);
            language = recipient!.Language;
            var accounts = (linked.Accounts ?? []).Select(a => a.Name).OfType<string>().ToList();
            var now = time.GetUtcNow();
            if (linked.Outcome != LinkOutcome.Linked)
                await outbox.EnqueueAsync(session, recipient, LinkedKind, BankReplies.Linked(linked, context.Name, accounts, options.Value.SyncEveryHours, language), now);
            else
            {
                var result = await sync.SyncAsync(session, linked.ConnectionId, Today(context), cancellationToken);
                if (accounts.Count == 0 && result.Connection is { } connection)
                    accounts = connection.Balances.Select(b => b.Account).ToList(); // Plaid names its accounts with the first sync
                await outbox.EnqueueAsync(session, recipient, LinkedKind,
                    BankReplies.Linked(linked, context.Name, accounts, options.Value.SyncEveryHours, language), now);
                // What came is told even when the bank failed part-way (the rest is read by the retry).
                await TellAsync(session, recipient, result, Today(context), always: false, linked.Institution);
                await RetryIfFailedAsync(request, result, cancellationToken);
            }
            await session.CommitAsync();
        }
        await sender.DrainAsync(cancellationToken);
        return language;
    }

    /// <summary>Queues the message about a sync, when it has something to say.</summary>
    private async Task TellAsync(LedgerSession session, Recipient? recipient, SyncResult result, DateOnly today, bool always, string? bank = null)
    {
        if (recipient is not null &&
            BankReplies.AfterSync(bank ?? result.Connection!.Institution, result, recipient.Language, today, always) is { } reply)
            await outbox.EnqueueAsync(session, recipient, SyncKind, reply, time.GetUtcNow());
    }

    /// <summary>The bank failed part-way: what came is kept and told, and the rest is read again after
    /// <see cref="BankOptions.RetryAfter"/>, a few times at most.</summary>
    private async Task RetryIfFailedAsync(BankSyncRequest request, SyncResult result, CancellationToken cancellationToken)
    {
        if (result.Outcome != SyncOutcome.Failed) return;
        logger.LogWarning(result.Failure, "Bank connection {ConnectionId} did not answer (attempt {Attempt})", request.ConnectionId, request.Attempt);
        await RequeueAsync(request, options.Value.RetryAfter, cancellationToken);
    }

    /// <summary>Queues the request's next attempt after <paramref name="delay"/>, unless its attempts are spent.</summary>
    private async Task RequeueAsync(BankSyncRequest request, TimeSpan delay, CancellationToken cancellationToken)
    {
        if (request.Attempt < MaxAttempts)
            await queue.QueueAsync(request with { Attempt = request.Attempt + 1 }, delay, cancellationToken);
    }

    /// <summary>The session's context, and the chat to tell: the one a request names, else the acting user's (the one
    /// they wrote from last).</summary>
    private static async Task<(LedgerContext Context, Recipient? Recipient)> WhereAsync(LedgerSession session, BankSyncRequest? request)
    {
        var context = await session.QuerySingleAsync<LedgerContext>("SELECT id, name, kind, base_currency, time_zone FROM contexts WHERE id = app_context()");
        if (request is { Channel: { } channel, ChatId: { } chat })
            return (context, new Recipient(request.UserId, await session.QuerySingleAsync<string>("SELECT language FROM users WHERE id = app_user()"), channel, chat));
        var recipient = await session.QuerySingleOrDefaultAsync<Recipient>("""
            SELECT u.id AS user_id, u.language, i.channel, i.chat_id
            FROM users u JOIN channel_identities i ON i.user_id = u.id
            WHERE u.id = app_user()
            ORDER BY i.created_at DESC LIMIT 1
            """);
        return (context, recipient);
    }

    private DateOnly Today(LedgerContext context) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), context.Zone).DateTime);

    private sealed record Due(long Id, Guid ContextId, Guid CreatedBy);
}
