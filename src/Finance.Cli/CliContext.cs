using Finance.Ledger;

namespace Finance.Cli;

/// <summary>How a command-line run enters a context: as its creator, a member of it, which is what lets the
/// session see it (row-level security holds for the command line too).</summary>
internal static class CliContext
{
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
