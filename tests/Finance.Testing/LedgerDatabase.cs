using Finance.Ledger;
using Finance.Ledger.Migrations;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Xunit;

namespace Finance.Testing;

/// <summary>A fresh, migrated database on the shared <see cref="PostgresServer"/>.</summary>
public sealed class LedgerDatabase : IAsyncLifetime
{
    public string ConnectionString { get; private set; } = "";
    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.Instance.CreateDatabaseAsync();
        DataSource = LedgerSetup.CreateDataSource(ConnectionString);
        await new Migrator(DataSource, NullLogger<Migrator>.Instance).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync() => await DataSource.DisposeAsync();
}
