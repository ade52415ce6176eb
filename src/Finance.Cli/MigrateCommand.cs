using Finance.Ledger;
using Finance.Ledger.Migrations;
using Microsoft.Extensions.Logging;

namespace Finance.Cli;

/// <summary>finance migrate [--connection CS]: applies the ledger's SQL migrations (the host does too, at start).</summary>
internal static class MigrateCommand
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var connectionString = CliContext.ConnectionString(args);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            Console.Error.WriteLine("Set ConnectionStrings__Finance or pass --connection.");
            return 2;
        }
        using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
        await using var dataSource = LedgerSetup.CreateDataSource(connectionString);
        await new Migrator(dataSource, logging.CreateLogger<Migrator>()).MigrateAsync(cancellationToken);
        Console.WriteLine("Ledger schema is up to date.");
        return 0;
    }
}
