namespace Finance.Ledger.Attachments;

/// <summary>Receipt photos kept with their bookings, in the session's context (row-level security).</summary>
public sealed class AttachmentStore
{
    private const string Columns = """
        id, source, source_message_id, kind, mime_type, text, merchant, total, currency, document_date, tax, transaction_id
        """;

    /// <summary>Stores a receipt of one message; a message already stored keeps its first row, which is returned.</summary>
    public async Task<Attachment> AddReceiptAsync(LedgerSession session, NewReceipt receipt)
    {
        var added = await session.QuerySingleOrDefaultAsync<Attachment>($"""
            INSERT INTO attachments (context_id, source, source_message_id, kind, mime_type, content, text,
                                     merchant, total, currency, document_date, tax, created_by)
            VALUES (app_context(), @Source, @SourceMessageId, 'receipt', @MimeType, @Content, @Text,
                    @Merchant, @Total, @Currency, @DocumentDate, @Tax, app_user())
            ON CONFLICT (context_id, source, source_message_id) DO NOTHING
            RETURNING {Columns}
            """, receipt);
        return added ?? await session.QuerySingleAsync<Attachment>($"""
            SELECT {Columns} FROM attachments
            WHERE context_id = app_context() AND source = @Source AND source_message_id = @SourceMessageId
            """, new { receipt.Source, receipt.SourceMessageId });
    }

    /// <summary>Ties an attachment to the transaction it was booked as.</summary>
    public Task LinkAsync(LedgerSession session, long attachmentId, long transactionId) =>
        session.ExecuteAsync(
            "UPDATE attachments SET transaction_id = @transactionId WHERE context_id = app_context() AND id = @attachmentId",
            new { attachmentId, transactionId });

    /// <summary>The acting user's latest receipt, when it came within <paramref name="within"/> and is
    /// still waiting for its total. A newer receipt replaces an older unanswered question.</summary>
    public Task<Attachment?> WaitingReceiptAsync(LedgerSession session, TimeSpan within) =>
        session.QuerySingleOrDefaultAsync<Attachment>($"""
            SELECT {Columns} FROM (
                SELECT * FROM attachments
                WHERE context_id = app_context() AND created_by = app_user() AND kind = 'receipt'
                ORDER BY created_at DESC, id DESC LIMIT 1) latest
            WHERE transaction_id IS NULL AND created_at > now() - @within
            """, new { within });
}
