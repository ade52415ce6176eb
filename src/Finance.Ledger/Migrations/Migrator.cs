using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Finance.Ledger.Migrations;

/// <summary>Applies the numbered SQL files in this folder (embedded) once each, in order.</summary>
public sealed class Migrator(NpgsqlDataSource dataSource, ILogger<Migrator> logger)
{
    // Any constant works: it only keeps two hosts starting together from migrating at once.
    private const long AdvisoryLockKey = 0x46696E616E6365;

    /// <param name="through">The last version to apply (all when null): a test builds the schema an older release left,
    /// writes rows as that release did, and then applies the rest.</param>
    public async Task MigrateAsync(CancellationToken cancellationToken, int? through = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync("SELECT pg_advisory_lock(@AdvisoryLockKey)", new { AdvisoryLockKey });
        try
        {
            await connection.ExecuteAsync("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    int PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """);
            var applied = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations")).ToHashSet();
            foreach (var (version, name, sql) in Scripts().Where(s => !applied.Contains(s.Version) && s.Version <= (through ?? int.MaxValue)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
                await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken));
                await connection.ExecuteAsync(
                    "INSERT INTO schema_migrations (version, name) VALUES (@version, @name)",
                    new { version, name }, transaction);
                await transaction.CommitAsync(cancellationToken);
                logger.LogInformation("Applied migration {Version} {Name}", version, name);
            }
        }
        finally
        {
            await connection.ExecuteAsync("SELECT pg_advisory_unlock(@AdvisoryLockKey)", new { AdvisoryLockKey });
        }
    }

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts()
    {
        var assembly = typeof(Migrator).Assembly;
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("Migrations/")).Order())
        {
            var name = Path.GetFileNameWithoutExtension(resource["Migrations/".Length..]);
            var version = int.Parse(name[..name.IndexOf('_')]);
            using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
            yield return (version, name, reader.ReadToEnd());
        }
    }
}
