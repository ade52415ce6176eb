using Finance.Testing;
using Npgsql;

namespace Finance.Ledger.Tests;

public sealed class DataSourceTests(LedgerDatabase db) : IClassFixture<LedgerDatabase>
{
    [Fact]
    public void Statements_are_prepared_and_pooled_connections_skip_the_reset()
    {
        // Without these PostgreSQL spends most of a message's time planning and resetting (docs/decisions.md).
        var settings = new NpgsqlConnectionStringBuilder(db.DataSource.ConnectionString);

        Assert.True(settings.MaxAutoPrepare > 0);
        Assert.True(settings.NoResetOnClose);
        Assert.Equal("finance", settings.ApplicationName);
    }

    [Fact]
    public async Task Prepared_statements_keep_one_generic_plan()
    {
        await using var connection = await db.DataSource.OpenConnectionAsync();
        await using var command = new NpgsqlCommand("SHOW plan_cache_mode", connection);

        Assert.Equal("force_generic_plan", await command.ExecuteScalarAsync());
    }
}
