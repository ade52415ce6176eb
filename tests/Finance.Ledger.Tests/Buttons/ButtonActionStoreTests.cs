using Dapper;
using Finance.Core;
using Finance.Ledger.Buttons;
using Finance.Ledger.Migrations;
using Finance.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Finance.Ledger.Tests.Buttons;

public sealed class ButtonActionStoreTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Fact]
    public async Task A_replys_buttons_are_one_row_and_each_button_finds_its_own_command_in_its_own_chat()
    {
        var store = new ButtonActionStore(db.DataSource);
        var booked = new OutboundReply("Booked", [[new ReplyButton("Undo", "/undo 7"), new ReplyButton("Edit", "/edit 7")],
            [new ReplyButton("Dining", "/category 7 dining")]]);
        var offer = new OutboundReply("Track it?", [[new ReplyButton("Yes", "/subs add spotify")]]);
        var plain = new OutboundReply("Hello");
        await using var session = await LedgerSession.BeginAsync(db.DataSource, default);
        var before = await session.QuerySingleAsync<long>("SELECT count(*) FROM button_actions");

        var sent = await store.StoreAsync(session, [("telegram", "b-1", booked), ("telegram", "b-2", plain), ("telegram", "b-2", offer)]);

        Assert.Equal(before + 2, await session.QuerySingleAsync<long>("SELECT count(*) FROM button_actions"));
        Assert.Equal(plain, sent[1]);
        var pressed = sent[0].Buttons!.SelectMany(row => row).Select(b => b.Data).ToList();
        var commands = new List<string?>();
        foreach (var data in pressed) commands.Add(await FindAsync(session, "b-1", data));
        Assert.Equal(["/undo 7", "/edit 7", "/category 7 dining"], commands);
        Assert.Equal("/subs add spotify", await FindAsync(session, "b-2", sent[2].Buttons![0][0].Data));
        // Another chat, a place the reply has not, or the row's id alone: nothing.
        Assert.Null(await FindAsync(session, "b-2", pressed[0]));
        Assert.Null(await FindAsync(session, "b-1", pressed[0][..pressed[0].IndexOf('.')] + ".4"));
        Assert.Null(await FindAsync(session, "b-1", pressed[0][..pressed[0].IndexOf('.')]));
        Assert.Null(await FindAsync(session, "b-1", pressed[0] + "x"));
    }

    [Fact]
    public async Task A_button_sent_when_each_button_had_a_row_of_its_own_still_works_after_the_rows_took_one_form()
    {
        // The schema as migration 030 left it, a row as the store wrote it before 030 and one as 030's store wrote it;
        // then the rest of the migrations (031 gives every row `actions` and makes it NOT NULL).
        await using var old = LedgerSetup.CreateDataSource(await PostgresServer.Instance.CreateDatabaseAsync());
        var migrator = new Migrator(old, NullLogger<Migrator>.Instance);
        await migrator.MigrateAsync(default, through: 30);
        long before, since;
        await using (var connection = await old.OpenConnectionAsync())
        {
            before = await connection.QuerySingleAsync<long>(
                "INSERT INTO button_actions (channel, chat_id, data) VALUES ('telegram', 'b-old', '/undo 3') RETURNING id");
            since = await connection.QuerySingleAsync<long>(
                "INSERT INTO button_actions (channel, chat_id, actions) VALUES ('telegram', 'b-old', '{/undo 4,/edit 4}') RETURNING id");
        }

        await migrator.MigrateAsync(default);

        await using var session = await LedgerSession.BeginAsync(old, default);
        var store = new ButtonActionStore(old);
        Assert.Equal("/undo 3", await store.FindAsync(session, "telegram", "b-old", ButtonActionStore.Prefix + before));
        Assert.Equal("/edit 4", await store.FindAsync(session, "telegram", "b-old", ButtonActionStore.Prefix + since + ".2"));
        Assert.Null(await store.FindAsync(session, "telegram", "b-old", ButtonActionStore.Prefix + since)); // never sent
        Assert.Null(await store.FindAsync(session, "telegram", "b-other", ButtonActionStore.Prefix + before));
        Assert.Equal(["/undo 3"], await session.QuerySingleAsync<string[]>("SELECT actions FROM button_actions WHERE id = @before", new { before }));
    }

    [Fact]
    public async Task A_button_row_without_its_actions_is_refused()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var refused = await Assert.ThrowsAsync<PostgresException>(() => connection.ExecuteAsync(
            "INSERT INTO button_actions (channel, chat_id, data) VALUES ('telegram', 'b-none', '/undo 5')"));
        Assert.Equal(PostgresErrorCodes.NotNullViolation, refused.SqlState);
    }

    private Task<string?> FindAsync(LedgerSession session, string chatId, string data) =>
        new ButtonActionStore(db.DataSource).FindAsync(session, "telegram", chatId, data);

    [Fact]
    public async Task The_sweep_reads_the_oldest_actions_by_primary_key_not_the_whole_table()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO button_actions (channel, chat_id, actions)
            SELECT 'telegram', 'chat-' || g % 50, '{/undo}' FROM generate_series(1, 20000) g;
            ANALYZE button_actions
            """);
        // Prepared, as Npgsql's auto-prepare does, and planned generic, as the data source makes every plan.
        var statement = ButtonActionStore.SweepStatement.Replace("@lifetime", "$1").Replace("@limit", "$2");
        await connection.ExecuteAsync($"PREPARE sweep_plan(interval, int) AS {statement}");
        var plan = string.Join("\n", await connection.QueryAsync<string>("EXPLAIN EXECUTE sweep_plan('90 days', 5000)"));
        await connection.ExecuteAsync("DEALLOCATE sweep_plan");

        Assert.DoesNotContain("Seq Scan", plan);
    }
}
