using Finance.Banks.Connections;
using Finance.Host.Pipeline;
using Finance.Jobs.Banks;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;

namespace Finance.Host.Tests.Banks;

/// <summary>Syncs queued on the clustered Quartz scheduler: the retry of a first sync the bank failed part-way, and a
/// queued sync that finds another host syncing the connection.</summary>
public sealed class QueuedBankSyncTests(BankHost banks) : IClassFixture<BankHost>
{
    private FinanceHost Host => banks.Host;

    /// <summary>Connects Monzo from <paramref name="chat"/>; the callback returns once the first sync's messages are sent.</summary>
    private async Task<(long Id, Guid Context, Guid User)> ConnectAsync(long chat)
    {
        var link = BankHost.LinkIn(await Host.SayAsync(chat, "/bank connect GB monzo"));
        (await Host.Client.GetAsync(banks.GoCardless.ConsentGiven(link).PathAndQuery)).EnsureSuccessStatusCode();
        var id = await Host.ScalarAsync<long>($"""
            SELECT b.id FROM bank_connections b JOIN channel_identities i ON i.user_id = b.created_by
            WHERE i.chat_id = '{chat}' ORDER BY b.id DESC LIMIT 1
            """);
        return (id, await Host.ScalarAsync<Guid>($"SELECT context_id FROM bank_connections WHERE id = {id}"),
            await Host.ScalarAsync<Guid>($"SELECT created_by FROM bank_connections WHERE id = {id}"));
    }

    [Fact]
    public async Task A_first_sync_the_bank_fails_part_way_tells_what_came_and_is_tried_again_later()
    {
        const long chat = 7401;
        banks.GoCardless.WithSavings = true;
        banks.GoCardless.SavingsRateLimited = true;
        try
        {
            banks.GoCardless.AddBooked("part-1", BankHost.DaysAgo(2), "-12.00", "GBP", "WAITROSE", "WAITROSE 123 LONDON");
            banks.GoCardless.AddBooked("part-2", BankHost.DaysAgo(1), "2.50", "GBP", null, "INTEREST PAID", LoopbackGoCardless.Savings);

            await ConnectAsync(chat);

            var replies = Host.RepliesTo(chat);
            Assert.Contains("Monzo is connected", replies[1]);
            Assert.StartsWith("🏦 1 new from Monzo:", replies[2]);
            Assert.Contains("Waitrose", replies[2]);
            Assert.Contains("Not everything came from Monzo", replies[2]);

            // The retry waits in the clustered store (any host's scheduler fires it), RetryAfter (10 minutes) from now.
            var scheduler = await Host.FirstHostServices.GetRequiredService<ISchedulerFactory>().GetScheduler();
            var retry = Assert.Single(await scheduler.GetTriggersOfJob(new JobKey(BankSyncNowJob.Name)));
            Assert.True(retry.StartTimeUtc > DateTimeOffset.UtcNow.AddMinutes(5));
            var request = BankSyncNowJob.Read(retry.JobDataMap);
            Assert.Equal((2, false, chat.ToString()), (request.Attempt, request.Asked, request.ChatId));

            // When it fires, the bank answers again: the rest comes, and only the rest.
            banks.GoCardless.SavingsRateLimited = false;
            await Host.FirstHostServices.GetRequiredService<BankSyncRun>().RunRequestedAsync(request, default);

            Assert.StartsWith("🏦 1 new from Monzo:", Host.RepliesTo(chat)[3]);
            Assert.Contains("Interest", Host.RepliesTo(chat)[3]);
        }
        finally
        {
            banks.GoCardless.WithSavings = false;
            banks.GoCardless.SavingsRateLimited = false;
        }
    }

    [Fact]
    public async Task A_queued_sync_that_finds_another_host_syncing_the_connection_looks_again_later()
    {
        const long chat = 7411;
        var (id, context, user) = await ConnectAsync(chat);
        var queued = new RecordingQueue();
        var run = ActivatorUtilities.CreateInstance<BankSyncRun>(Host.FirstHostServices, (IBankSyncQueue)queued);
        var asked = new BankSyncRequest(id, context, user, "telegram", chat.ToString(), Asked: true);
        var before = Host.RepliesTo(chat).Count;

        await using (var other = new NpgsqlConnection(Host.Database.ConnectionString))
        {
            // Another host's sync holds the connection's row.
            await other.OpenAsync();
            await using var syncing = await other.BeginTransactionAsync();
            await using (var claim = new NpgsqlCommand($"SELECT id FROM bank_connections WHERE id = {id} FOR UPDATE", other, syncing))
                await claim.ExecuteScalarAsync();

            await run.RunRequestedAsync(asked, default);
        }

        Assert.Equal([(asked with { Attempt = 2 }, BankSyncRun.BusyWait)], queued.Requests);
        Assert.Equal(before, Host.RepliesTo(chat).Count);

        await run.RunRequestedAsync(queued.Requests[0].Request, default);

        Assert.Equal(before + 1, Host.RepliesTo(chat).Count);
        Assert.Contains("Monzo", Host.RepliesTo(chat)[^1]);
    }

    [Fact]
    public async Task A_sync_the_same_message_queued_twice_runs_once()
    {
        const long chat = 7421;
        var (id, context, user) = await ConnectAsync(chat);
        // What /bank sync queues; the message is handled twice (retried after a crash), so it queues the sync twice.
        var asked = new BankSyncRequest(id, context, user, "telegram", chat.ToString(), Asked: true, MessageId: "7421-1");
        var queue = Host.FirstHostServices.GetRequiredService<IBankSyncQueue>();
        var scheduler = await Host.FirstHostServices.GetRequiredService<ISchedulerFactory>().GetScheduler();
        BankSyncRequest stored;
        try
        {
            // While the first waits (an hour ahead, so that it waits for this test), the second is not stored.
            Assert.True(await queue.QueueAsync(asked, TimeSpan.FromHours(1), default));
            Assert.True(await queue.QueueAsync(asked, TimeSpan.FromHours(1), default));
            var queued = (await scheduler.GetTriggersOfJob(new JobKey(BankSyncNowJob.Name)))
                .Select(t => BankSyncNowJob.Read(t.JobDataMap)).Where(r => r.ConnectionId == id).ToList();
            stored = Assert.Single(queued);
            Assert.Equal(asked, stored);
        }
        finally
        {
            await scheduler.UnscheduleJob(QuartzBankSyncQueue.KeyOf(asked)!);
        }

        // After the first ran, the second finds that it did: the bank is read once and the chat told once (counted in the
        // outbox, written with the run, rather than at the Bot API, which another host's sender may still be calling).
        var told = $"SELECT count(*) FROM outbox WHERE chat_id = '{chat}' AND kind = '{BankSyncRun.SyncKind}'";
        var (reads, messages) = (TransactionReads, await Host.ScalarAsync<long>(told));
        var run = Host.FirstHostServices.GetRequiredService<BankSyncRun>();
        await run.RunRequestedAsync(stored, default);
        await run.RunRequestedAsync(stored, default);
        Assert.Equal((reads + 1, messages + 1), (TransactionReads, await Host.ScalarAsync<long>(told)));

        // A later attempt of the same message (the bank failed the first) is a run of its own.
        await run.RunRequestedAsync(stored with { Attempt = 2 }, default);
        Assert.Equal(reads + 2, TransactionReads);
    }

    [Fact]
    public async Task The_hosts_sweep_deletes_the_records_of_syncs_run_more_than_a_day_ago_without_another_sync()
    {
        const long chat = 7431;
        var (id, context, user) = await ConnectAsync(chat);
        var run = Host.FirstHostServices.GetRequiredService<BankSyncRun>();
        await run.RunRequestedAsync(new BankSyncRequest(id, context, user, "telegram", chat.ToString(), Asked: true, MessageId: "7431-1"), default);
        await run.RunRequestedAsync(new BankSyncRequest(id, context, user, "telegram", chat.ToString(), Asked: true, MessageId: "7431-2"), default);
        // The first ran two days ago; no sync of that context follows to delete it.
        await Host.ExecuteAsync("UPDATE bank_syncs_run SET ran_at = ran_at - interval '2 days' WHERE message_id = '7431-1'");
        const string kept = "SELECT string_agg(message_id, ',' ORDER BY message_id) FROM bank_syncs_run WHERE message_id LIKE '7431-%'";
        Assert.Equal("7431-1,7431-2", await Host.ScalarAsync<string>(kept));

        await Host.FirstHostServices.GetRequiredService<PipelineSweep>().SweepAsync(default);

        Assert.Equal("7431-2", await Host.ScalarAsync<string>(kept));
    }

    private int TransactionReads => banks.GoCardless.CallsTo($"api/v2/accounts/{LoopbackGoCardless.Account}/transactions/");

    /// <summary>The queue seam, recording instead of scheduling, so what a run queues is seen without waiting for it.</summary>
    private sealed class RecordingQueue : IBankSyncQueue
    {
        public List<(BankSyncRequest Request, TimeSpan Delay)> Requests { get; } = [];

        public Task<bool> QueueAsync(BankSyncRequest request, TimeSpan delay, CancellationToken cancellationToken)
        {
            Requests.Add((request, delay));
            return Task.FromResult(true);
        }
    }
}
