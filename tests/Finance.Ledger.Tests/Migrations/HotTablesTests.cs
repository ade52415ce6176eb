using Dapper;
using Finance.Testing;

namespace Finance.Ledger.Tests.Migrations;

/// <summary>What the two tables every message writes (transactions, inbox) must not cost PostgreSQL on each statement or
/// in each autovacuum pass (docs/decisions.md, "Speed").</summary>
public sealed class HotTablesTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Fact]
    public async Task The_tables_every_message_writes_have_no_table_checks_to_rebuild_on_every_statement()
    {
        // A table CHECK is read back from its stored text and planned at the start of every INSERT and UPDATE; a domain's
        // check is kept compiled per backend (migration 028). A new rule for these tables belongs in a domain.
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var checks = await connection.QueryAsync<string>("""
            SELECT conrelid::regclass || '.' || conname FROM pg_constraint
            WHERE contype = 'c' AND conrelid IN ('transactions'::regclass, 'inbox'::regclass)
            """);

        Assert.Empty(checks);
    }

    [Fact]
    public async Task The_table_every_reply_with_buttons_writes_has_no_table_check_to_rebuild_on_every_insert()
    {
        // Migration 030 guarded the row's two forms with a table CHECK; 031 has one form, `actions` NOT NULL.
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var checks = await connection.QueryAsync<string>(
            "SELECT conname FROM pg_constraint WHERE contype = 'c' AND conrelid = 'button_actions'::regclass");

        Assert.Empty(checks);
    }

    [Fact]
    public async Task Every_column_of_the_tables_every_message_writes_is_analysed_from_a_small_sample()
    {
        // ANALYZE samples 300 rows per point of the largest target among a table's columns: one column left at the
        // default (a new one, say) brings back the 30,000-row sample autovacuum sorted in the middle of the traffic
        // (migrations 026 and 027).
        await using var connection = await db.DataSource.OpenConnectionAsync();
        var fine = await connection.QueryAsync<string>("""
            SELECT attrelid::regclass || '.' || attname FROM pg_attribute
            WHERE attrelid IN ('transactions'::regclass, 'inbox'::regclass) AND attnum > 0 AND NOT attisdropped
              AND (attstattarget < 0 OR attstattarget > 10)
            """);

        Assert.Empty(fine);
    }
}
