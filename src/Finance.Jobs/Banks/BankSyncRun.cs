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
/// Bank syncs that nobody asked for in chat: every active connection on the schedule, and a connection's first
/// sync right after its consent came back. Each connection syncs in its own context's session with its creator
/// acting; whatever it brought is told in one message through the outbox, in the same transaction as the rows
/// (so a crash loses neither and doubles neither), and the outbox is sent at the end.
/// </summary>
public sealed class BankSyncRun(
    NpgsqlDataSource database,
    BankSync sync,
    OutboxStore outbox,
    OutboxSender sender,
    IOptions<BankOptions> options,
    TimeProvider time,
    ILogger<BankSyncRun> logger)
{
    public const string SyncKind = "bank_sync";
    public const string LinkedKind = "bank_linked";

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
                var (context, recipient) = await WhereAsync(session);
                var result = await sync.SyncAsync(session, connection.Id, Today(context), cancellationToken, syncedBefore);
                if (result.Outcome == SyncOutcome.Busy) continue;
                if (recipient is not null && BankReplies.AfterSync(result.Connection!.Institution, result, recipient.Language, Today(context), always: false) is { } reply)
                    await outbox.EnqueueAsync(session, recipient, SyncKind, reply, time.GetUtcNow());
                await session.CommitAsync();
                synced++;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A bank that is down (its retries spent) or one broken connection must not stop the others; the next run tries again.
                logger.LogWarning(e, "Bank connection {ConnectionId} of context {ContextId} did not sync", connection.Id, connection.ContextId);
            }
        }
        await sender.DrainAsync(cancellationToken);
        return synced;
    }

    /// <summary>The consent came back: tells the chat that asked which accounts are linked (or that the bank said
    /// no), then runs the first sync and tells what it brought. Returns the user's language for the page.</summary>
    public async Task<string> LinkedAsync(LinkedConsent linked, CancellationToken cancellationToken)
    {
        string language;
        await using (var session = await LedgerSession.BeginAsync(database, cancellationToken, linked.ContextId, linked.UserId))
        {
            var (context, _) = await WhereAsync(session);
            language = await session.QuerySingleAsync<string>("SELECT language FROM users WHERE id = app_user()");
            var recipient = new Recipient(linked.UserId, language, linked.Channel, linked.ChatId);
            var accounts = (linked.Accounts ?? []).Select(a => a.Name).OfType<string>().ToList();
            OutboundReply? news = null;
            if (linked.Outcome == LinkOutcome.Linked)
            {
                try
                {
                    var result = await sync.SyncAsync(session, linked.ConnectionId, Today(context), cancellationToken);
                    if (accounts.Count == 0 && result.Connection is { } connection)
                        accounts = connection.Balances.Select(b => b.Account).ToList(); // Plaid names its accounts with the first sync
                    news = BankReplies.AfterSync(linked.Institution, result, language, Today(context), always: false);
                }
                catch (HttpRequestException e)
                {
                    // Linked all the same: the scheduled sync reads it when the bank answers again.
                    logger.LogWarning(e, "The first sync of bank connection {ConnectionId} failed", linked.ConnectionId);
                }
            }
            var now = time.GetUtcNow();
            await outbox.EnqueueAsync(session, recipient, LinkedKind,
                BankReplies.Linked(linked, context.Name, accounts, options.Value.SyncEveryHours, language), now);
            if (news is not null) await outbox.EnqueueAsync(session, recipient, SyncKind, news, now);
            await session.CommitAsync();
        }
        await sender.DrainAsync(cancellationToken);
        return language;
    }

    /// <summary>The session's context, and its acting user's chat (the one they wrote from last).</summary>
    private static async Task<(LedgerContext Context, Recipient? Recipient)> WhereAsync(LedgerSession session)
    {
        var context = await session.QuerySingleAsync<LedgerContext>("SELECT id, name, kind, base_currency, time_zone FROM contexts WHERE id = app_context()");
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
