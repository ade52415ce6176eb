using Finance.Ledger;

namespace Finance.Banks.Statements;

public sealed record StatementUpload(long Id, string? FileName, byte[] Content);

/// <summary>Statements sent in chat that wait for their layout to be confirmed, in the session's context.</summary>
public sealed class StatementUploadStore
{
    public Task<long> AddAsync(LedgerSession session, string? fileName, byte[] content) =>
        session.QuerySingleAsync<long>("""
            INSERT INTO statement_uploads (context_id, file_name, content, created_by)
            VALUES (app_context(), @fileName, @content, app_user()) RETURNING id
            """, new { fileName, content });

    /// <summary>The upload, unless it was imported already (a second press of a confirm button).</summary>
    public Task<StatementUpload?> WaitingAsync(LedgerSession session, long id) =>
        session.QuerySingleOrDefaultAsync<StatementUpload>("""
            SELECT id, file_name, content FROM statement_uploads
            WHERE context_id = app_context() AND id = @id AND imported_at IS NULL
            """, new { id });

    public Task MarkImportedAsync(LedgerSession session, long id) =>
        session.ExecuteAsync(
            "UPDATE statement_uploads SET imported_at = now() WHERE context_id = app_context() AND id = @id", new { id });
}
