using Dapper;
using Finance.Ledger.Buttons;
using Finance.Testing;

namespace Finance.Ledger.Tests.Buttons;

public sealed class ButtonActionStoreTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Fact]
    public async Task The_sweep_reads_the_oldest_actions_by_primary_key_not_the_whole_table()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO button_actions (channel, chat_id, data)
            SELECT 'telegram', 'chat-' || g % 50, '/undo' FROM generate_series(1, 20000) g;
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
