using System.Diagnostics;
using Npgsql;

namespace Finance.Testing;

/// <summary>
/// A real PostgreSQL for the tests: the one ConnectionStrings__Finance points at, or else a private
/// cluster started once per test process by scripts/postgres.sh (fsync off) and stopped at exit.
/// Each fixture gets a fresh database of its own.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start);
    private static int databases;

    private PostgresServer(string adminConnectionString) => AdminConnectionString = adminConnectionString;

    public static PostgresServer Instance => Shared.Value;

    public string AdminConnectionString { get; }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref databases)}".ToLowerInvariant();
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    private static PostgresServer Start()
    {
        var configured = Environment.GetEnvironmentVariable("ConnectionStrings__Finance");
        if (!string.IsNullOrWhiteSpace(configured)) return new PostgresServer(configured);

        var dataDirectory = Path.Combine(Path.GetTempPath(), $"finance-test-pg-{Environment.ProcessId}");
        var connectionString = Script("start", dataDirectory, "fast");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            Script("stop", dataDirectory);
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return new PostgresServer(connectionString);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Finance.sln"))) return dir.FullName;
        throw new InvalidOperationException("Finance.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Runs scripts/postgres.sh (start DIR fast|durable, stop DIR) and returns what it prints.</summary>
    public static string Script(params string[] arguments)
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "postgres.sh");
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        // The script prints one line; its tools' chatter goes to their own logs, so this cannot fill a pipe.
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{script} {string.Join(' ', arguments)} did not finish.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed ({process.ExitCode}): {error}");
        return output.Trim();
    }
}
