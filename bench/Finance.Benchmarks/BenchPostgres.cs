using Finance.Testing;
using Npgsql;

namespace Finance.Benchmarks;

/// <summary>A private PostgreSQL cluster for one bench run (scripts/postgres.sh, fast or durable) holding the bench's one
/// database; stopped and deleted when disposed.</summary>
internal sealed class BenchPostgres : IAsyncDisposable
{
    private BenchPostgres(string dataDirectory, string admin, string database) =>
        (DataDirectory, AdminConnectionString, ConnectionString) = (dataDirectory, admin, database);

    /// <summary>The cluster's data directory: its processes' CPU, its server.log.</summary>
    public string DataDirectory { get; }

    public string AdminConnectionString { get; }

    /// <summary>The bench's database.</summary>
    public string ConnectionString { get; }

    /// <summary>Starts a cluster in finance-DATABASE-pg-PID under the temp folder and creates <paramref name="database"/>.</summary>
    public static async Task<BenchPostgres> StartAsync(string database, string mode)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), $"finance-{database}-pg-{Environment.ProcessId}");
        var admin = PostgresServer.Script("start", dataDirectory, mode);
        var postgres = new BenchPostgres(dataDirectory, admin, admin.Replace("Database=postgres", $"Database={database}"));
        try
        {
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
            return postgres;
        }
        catch
        {
            await postgres.DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync()
    {
        PostgresServer.Script("stop", DataDirectory);
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return ValueTask.CompletedTask;
    }
}
