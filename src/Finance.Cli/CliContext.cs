using Finance.Ledger;

namespace Finance.Cli;

/// <summary>How a command-line run finds its database and enters a context: as its creator, a member of it, which is what lets the
/// session see it (row-level security holds for the command line too).</summary>
internal static class CliContext
{
    /// <summary>The value after <paramref name="name"/> in <paramref name="args"/>, or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
    }

    /// <summary>--connection, else ConnectionStrings__Finance, as the host reads it.</summary>
    public static string? ConnectionString(string[] args) =>
        Option(args, "--connection") ?? Environment.GetEnvironmentVariable("ConnectionStrings__Finance");

    /// <summary>False (and says so) when there is no such context.</summary>
    public static async Task<bool> EnterAsync(LedgerSession session, Guid contextId)
    {
        var creator = await session.QuerySingleOrDefaultAsync<Guid?>(
            "SELECT created_by FROM scheduled_contexts() WHERE id = @contextId", new { contextId });
        if (creator is null)
        {
            Console.Error.WriteLine($"No context {contextId}.");
            return false;
        }
        await session.EnterAsync(contextId, creator.Value);
        return true;
    }
}
