using Dapper;
using Finance.Core;
using Finance.Ledger.Inbox;
using Finance.Ledger.Tests.Contexts;
using Finance.Testing;
using Npgsql;

namespace Finance.Ledger.Tests.Inbox;

public sealed class InboxStoreTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Fact]
    public async Task A_redelivered_message_is_stored_once()
    {
        var inbox = new InboxStore(db.DataSource);
        var message = RowLevelSecurityTests.Message("inbox-dup");

        Assert.True(await inbox.EnqueueAsync(message, default));
        Assert.False(await inbox.EnqueueAsync(message with { Text = "changed" }, default));
    }

    [Fact]
    public async Task Concurrent_deliveries_with_duplicates_are_each_stored_once()
    {
        await using var inbox = new InboxStore(db.DataSource);
        var messages = Enumerable.Range(0, 25).Select(i => RowLevelSecurityTests.Message("inbox-burst-" + i)).ToList();

        var stored = await Task.WhenAll(messages.Concat(messages).Select(m => Task.Run(() => inbox.EnqueueAsync(m, default))));

        Assert.Equal(25, stored.Count(s => s));
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM inbox WHERE chat_id LIKE 'chat-inbox-burst-%'";
        Assert.Equal(25L, await count.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_write_PostgreSQL_refuses_fails_its_caller_and_later_writes_are_stored()
    {
        await using var inbox = new InboxStore(db.DataSource);
        // jsonb refuses the NUL character, so the INSERT that carries it fails as a whole.
        var refused = RowLevelSecurityTests.Message("inbox-refused") with { Text = "coffee \0 3" };

        await Assert.ThrowsAsync<PostgresException>(() => inbox.EnqueueAsync(refused, default));

        Assert.True(await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-after-refused"), default));
    }

    [Fact]
    public async Task Concurrent_claims_never_share_a_row()
    {
        var inbox = new InboxStore(db.DataSource);
        for (var i = 0; i < 60; i++) await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-claim-" + i), default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(w =>
            inbox.ClaimAsync("worker-" + w, 20, TimeSpan.FromMinutes(1), default)));

        var ids = claims.SelectMany(c => c.Select(i => i.Id)).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 60);
    }

    [Fact]
    public async Task A_row_whose_lease_ran_out_is_claimed_again_with_its_message_intact()
    {
        var inbox = new InboxStore(db.DataSource);
        await ExecuteAsync("UPDATE inbox SET status = 'done'");
        var message = RowLevelSecurityTests.Message("inbox-lease", "coffee 4,50") with
        {
            Media = new MediaAttachment(MediaKind.Voice, "file-1", "audio/ogg", 1234, DurationSeconds: 3),
        };
        await inbox.EnqueueAsync(message, default);

        var first = await inbox.ClaimAsync("crashed", 10, TimeSpan.FromMinutes(1), default);
        Assert.Empty(await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default));
        // The crashed worker's lease runs out (moved, not waited for: the test must not depend on timing).
        await ExecuteAsync("UPDATE inbox SET leased_until = now() - interval '1 second' WHERE locked_by = 'crashed'");
        var second = await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default);

        Assert.Equal(first.Single().Id, second.Single().Id);
        Assert.Equal(2, second.Single().Attempts);
        Assert.Equal(message, second.Single().Message);
    }

    [Fact]
    public async Task Only_the_holder_renews_a_lease_and_a_holder_that_stopped_renewing_loses_its_rows()
    {
        var inbox = new InboxStore(db.DataSource);
        var held = await ClaimAloneAsync(inbox, "inbox-renew", "working", TimeSpan.FromMinutes(1));
        const string leaseLeft = "SELECT leased_until - now() FROM inbox WHERE id = @id AND locked_by = @worker";

        // Its lease nearly ran out (moved, not waited for) while the worker was still at it: it renews.
        await ExecuteAsync($"UPDATE inbox SET leased_until = now() + interval '1 second' WHERE id = {held[0]}");
        Assert.Equal(0, await inbox.RenewLeaseAsync("another-worker", held, TimeSpan.FromMinutes(10), default));
        Assert.Equal(1, await inbox.RenewLeaseAsync("working", held, TimeSpan.FromMinutes(10), default));
        Assert.True(await ScalarAsync<TimeSpan>(leaseLeft, new { id = held[0], worker = "working" }) > TimeSpan.FromMinutes(9));
        Assert.Empty(await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default));

        // The worker died: nothing renews, the lease runs out and another takes the row; the old holder, back, cannot
        // renew it from under the new one.
        await ExecuteAsync($"UPDATE inbox SET leased_until = now() - interval '1 second' WHERE id = {held[0]}");
        var taken = await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default);
        Assert.Equal(held, taken.Select(item => item.Id));
        Assert.Equal(0, await inbox.RenewLeaseAsync("working", held, TimeSpan.FromMinutes(10), default));
        Assert.True(await ScalarAsync<TimeSpan>(leaseLeft, new { id = held[0], worker = "other" }) < TimeSpan.FromMinutes(2));
    }

    [Fact]
    public async Task A_worker_that_held_a_row_past_its_lease_records_nothing_on_it_once_another_claim_took_it()
    {
        var inbox = new InboxStore(db.DataSource);
        var held = await ClaimAloneAsync(inbox, "inbox-lost", "gave-up", TimeSpan.FromMinutes(1));
        // The worker stopped renewing (it gave the batch up) and its lease ran out (moved, not waited for); another takes the row.
        await ExecuteAsync($"UPDATE inbox SET leased_until = now() - interval '1 second' WHERE id = {held[0]}");
        var taken = (await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default)).Single();
        Assert.Equal("other", taken.ClaimedBy);

        // The old holder's work ends after all: its answer is refused inside its transaction, which then must not commit.
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            var lost = await Assert.ThrowsAsync<InboxLeaseLostException>(() =>
                inbox.AnsweredAsync(session, "gave-up", [(held[0], "booked", new OutboundReply("Booked $9.99"))]));
            Assert.Equal(held, lost.Ids);
        }
        Assert.False(await inbox.AnsweredAsync("gave-up", held[0], "dead_letter", new OutboundReply("Sorry"), "failed", default));
        await inbox.RetryLaterAsync("gave-up", held[0], "failed", TimeSpan.FromMinutes(5), default);
        await inbox.AbandonAsync("gave-up", held[0], "failed", default);
        const string row = "SELECT locked_by || '|' || status || '|' || coalesce(outcome, '-') || '|' || (leased_until > now()) FROM inbox WHERE id = @id";
        Assert.Equal("other|pending|-|true", await ScalarAsync<string>(row, new { id = held[0] }));

        // The new holder answers it as usual.
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            await inbox.AnsweredAsync(session, taken.ClaimedBy, [(taken.Id, "booked", new OutboundReply("Booked $4.50"))]);
            await session.CommitAsync();
        }
        Assert.Equal("other|pending|booked|true", await ScalarAsync<string>(row, new { id = held[0] }));
    }

    [Fact]
    public async Task A_row_released_by_its_worker_is_due_at_once_and_the_interrupted_claim_does_not_count()
    {
        var inbox = new InboxStore(db.DataSource);
        var held = await ClaimAloneAsync(inbox, "inbox-release", "stopping", TimeSpan.FromMinutes(10));

        await inbox.ReleaseAsync("another-worker", held, default); // only the holder can give a row back
        Assert.Empty(await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default));
        await inbox.ReleaseAsync("stopping", held, default);
        var again = await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default);

        Assert.Equal(held, again.Select(item => item.Id));
        Assert.Equal(1, again.Single().Attempts);
    }

    [Fact]
    public async Task An_answered_row_whose_reply_was_not_sent_is_claimed_again_as_replying_with_its_reply()
    {
        var inbox = new InboxStore(db.DataSource);
        await ExecuteAsync("UPDATE inbox SET status = 'done'");
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-answered"), default);
        var claimed = (await inbox.ClaimAsync("crashed", 10, TimeSpan.FromMinutes(1), default)).Single();
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            await inbox.AnsweredAsync(session, claimed.ClaimedBy, [(claimed.Id, "booked", new OutboundReply("Booked $4.50"))]);
            await session.CommitAsync();
        }
        // The worker died before sending the reply; its lease runs out (moved, not waited for).
        await ExecuteAsync("UPDATE inbox SET leased_until = now() - interval '1 second' WHERE locked_by = 'crashed'");
        var again = (await inbox.ClaimAsync("other", 10, TimeSpan.FromMinutes(1), default)).Single();

        Assert.Equal("pending", claimed.Status);
        Assert.Equal((claimed.Id, "replying", "booked", "Booked $4.50"), (again.Id, again.Status, again.Outcome, again.Reply?.Text));
    }

    [Fact]
    public async Task A_claim_finishes_the_rows_its_worker_answered_and_passes_over_them()
    {
        var inbox = new InboxStore(db.DataSource);
        await ExecuteAsync("UPDATE inbox SET status = 'done'");
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-finish-1"), default);
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-finish-2"), default);
        var claimed = await inbox.ClaimAsync("worker", 10, TimeSpan.FromMinutes(1), default);
        await using (var session = await LedgerSession.BeginAsync(db.DataSource, default))
        {
            await inbox.AnsweredAsync(session, "worker", [(claimed[0].Id, "booked", new OutboundReply("Booked")), (claimed[1].Id, "dead_letter", null)]);
            await session.CommitAsync();
        }
        // Their lease has run out, so only the id keeps the claim from taking them again in the statement that finishes them.
        await ExecuteAsync("UPDATE inbox SET leased_until = now() - interval '1 second' WHERE locked_by = 'worker'");
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-finish-3"), default);

        var next = await inbox.ClaimAsync("worker", 10, TimeSpan.FromMinutes(1), default, [(claimed[0].Id, "sent-1"), (claimed[1].Id, null)]);

        Assert.Equal("chat-inbox-finish-3", next.Single().Message.ChatId);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var finished = (await connection.QueryAsync<(long, string, string?, string?)>(
            "SELECT id, status, sent_message_id, locked_by FROM inbox WHERE id = ANY(@ids) ORDER BY id",
            new { ids = claimed.Select(c => c.Id).ToArray() })).ToList();
        Assert.Equal([(claimed[0].Id, "done", "sent-1", null), (claimed[1].Id, "dead", null, null)], finished);
    }

    [Fact]
    public async Task Claiming_a_row_updates_it_in_place_without_new_index_entries()
    {
        await using var inbox = new InboxStore(db.DataSource);
        await ExecuteAsync("UPDATE inbox SET status = 'done'");
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-claim-in-place"), default);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var claim = InboxStore.ClaimStatement.Replace("$1", "'worker'").Replace("$2", "interval '1 minute'").Replace("$3", "1")
            .Replace("$4", "'{}'").Replace("$5", "'{}'");
        // Counted inside one transaction, as in the answer's test below: the counters then hold this claim's updates only.
        const string counters = """
            SELECT pg_stat_get_xact_tuples_updated('inbox'::regclass), pg_stat_get_xact_tuples_hot_updated('inbox'::regclass)
            """;
        var (updatedBefore, inPlaceBefore) = await connection.QuerySingleAsync<(long, long)>(counters, transaction: transaction);
        var claimed = (await connection.QueryAsync<long>(claim, transaction: transaction)).ToList(); // the first column: id
        var (updatedAfter, inPlaceAfter) = await connection.QuerySingleAsync<(long, long)>(counters, transaction: transaction);

        Assert.Single(claimed);
        Assert.Equal((1L, 1L), (updatedAfter - updatedBefore, inPlaceAfter - inPlaceBefore));
    }

    [Fact]
    public async Task Recording_the_answer_updates_the_row_in_place_without_new_index_entries()
    {
        var inbox = new InboxStore(db.DataSource);
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-in-place"), default);
        var claimed = (await inbox.ClaimAsync("worker", 1, TimeSpan.FromMinutes(1), default)).Single();

        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        // A HOT update (heap-only tuple) is one that wrote no index entry. The backend's counters also hold what earlier
        // transactions on this pooled connection did and have not flushed yet, so only their change inside this
        // transaction (which flushes nothing) is the answer's.
        const string counters = """
            SELECT pg_stat_get_xact_tuples_updated('inbox'::regclass), pg_stat_get_xact_tuples_hot_updated('inbox'::regclass)
            """;
        var (updatedBefore, inPlaceBefore) = await session.QuerySingleAsync<(long, long)>(counters);
        await inbox.AnsweredAsync(session, claimed.ClaimedBy, [(claimed.Id, "booked", new OutboundReply("Booked $4.50"))]);
        var (updatedAfter, inPlaceAfter) = await session.QuerySingleAsync<(long, long)>(counters);

        Assert.Equal((1L, 1L), (updatedAfter - updatedBefore, inPlaceAfter - inPlaceBefore));
    }

    [Fact]
    public async Task A_status_other_than_pending_replying_done_or_dead_is_refused()
    {
        var inbox = new InboxStore(db.DataSource);
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message("inbox-status"), default);

        // The check lives in a domain (migration 028), checked wherever a status is written.
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(
            "UPDATE inbox SET status = 'lost' WHERE chat_id = 'chat-inbox-status'"));

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task A_claim_during_a_backlog_reaches_its_rows_by_index_not_by_reading_the_whole_inbox()
    {
        // Handled messages and a backlog of a tenth of them or more, with fresh statistics: then the generic plan of
        // "WHERE id IN (subquery)" read every row of the inbox on every claim.
        await ExecuteAsync("""
            INSERT INTO inbox (channel, external_id, chat_id, message, status, finished_at)
            SELECT 'plan', 'done-' || g, 'chat-plan', '{}', 'done', now() FROM generate_series(1, 3000) g;
            INSERT INTO inbox (channel, external_id, chat_id, message)
            SELECT 'plan', 'due-' || g, 'chat-plan', '{}' FROM generate_series(1, 3000) g;
            ANALYZE inbox
            """);
        await using var connection = await db.DataSource.OpenConnectionAsync();
        // Prepared, as Npgsql's auto-prepare does, and planned generic, as the data source makes every plan.
        await connection.ExecuteAsync($"PREPARE claim_plan(text, interval, int, bigint[], text[]) AS {InboxStore.ClaimStatement}");
        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN EXECUTE claim_plan('worker', '1 minute', 64, '{}', '{}')"));
        await connection.ExecuteAsync("DEALLOCATE claim_plan; UPDATE inbox SET status = 'done' WHERE channel = 'plan'");

        Assert.DoesNotContain("Seq Scan", plan);
        Assert.Contains("inbox_ready", plan);
    }

    /// <summary>Enqueues one message from <paramref name="sender"/>, with every earlier row finished, and claims it for
    /// <paramref name="worker"/>: its id.</summary>
    private async Task<List<long>> ClaimAloneAsync(InboxStore inbox, string sender, string worker, TimeSpan lease)
    {
        await ExecuteAsync("UPDATE inbox SET status = 'done'");
        await inbox.EnqueueAsync(RowLevelSecurityTests.Message(sender), default);
        return (await inbox.ClaimAsync(worker, 10, lease, default)).Select(item => item.Id).ToList();
    }

    private async Task<T> ScalarAsync<T>(string sql, object parameters)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<T>(sql, parameters);
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
