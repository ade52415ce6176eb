namespace Finance.Ledger.Attachments;

/// <summary>Receipt photos kept with their bookings, in the session's context (row-level security).</summary>
public sealed class AttachmentStore
{
    private const string Columns = """
        id, source, source_message_id, kind, mime_type, text, merchant, total, currency, document_date, tax, transaction_id, caption
        """;

    /// <summary>Stores a receipt of one message; a message already stored keeps its first row, which is returned.</summary>
    public async Task<Attachment> AddReceiptAsync(LedgerSession session, NewReceipt receipt)
    {
        var added = await session.QuerySingleOrDefaultAsync<Attachment>($"""
            INSERT INTO attachments (context_id, source, source_message_id, kind, mime_type, content, text,
                                     merchant, total, currency, document_date, tax, caption, created_by)
            VALUES (app_context(), @Source, @SourceMessageId, 'receipt', @MimeType, @Content, @Text,
                    @Merchant, @Total, @Currency, @DocumentDate, @Tax, @Caption, app_user())
            ON CONFLICT (context_id, source, source_message_id) DO NOTHING
            RETURNING {Columns}
            """, receipt);
        return added ?? await session.QuerySingleAsync<Attachment>($"""
            SELECT {Columns} FROM attachments
            WHERE context_id = app_context() AND source = @Source AND source_message_id = @SourceMessageId
            """, new { receipt.Source, receipt.SourceMessageId });
    }

    /// <summary>One receipt of the session's context.</summary>
    public Task<Attachment?> FindAsync(LedgerSession session, long id) =>
        session.QuerySingleOrDefaultAsync<Attachment>(
            $"SELECT {Columns} FROM attachments WHERE context_id = app_context() AND id = @id", new { id });

    /// <summary>The live booking a receipt looks like it was booked as already: one of an earlier photo with the
    /// same bytes, or any expense at the same shop, of the same total, on the same date (a second photo of one
    /// receipt, or a receipt of a purchase typed in before). Null when there is none.</summary>
    public async Task<(long Id, DateTimeOffset BookedAt)?> EarlierBookingAsync(LedgerSession session, long receiptId) =>
        (await session.QueryAsync<(long Id, DateTime BookedAt)>("""
            SELECT id, created_at FROM (
                SELECT t.id, t.created_at FROM attachments this
                JOIN attachments a ON a.context_id = this.context_id AND a.content_sha256 = this.content_sha256 AND a.id <> this.id
                JOIN transactions t ON t.context_id = this.context_id AND t.id = a.transaction_id AND t.deleted_at IS NULL
                WHERE this.context_id = app_context() AND this.id = @receiptId
                UNION ALL
                SELECT t.id, t.created_at FROM attachments this
                JOIN transactions t ON t.context_id = this.context_id AND t.local_date = this.document_date
                     AND t.amount = this.total AND lower(t.merchant) = this.merchant
                     AND t.direction = 'expense' AND t.deleted_at IS NULL
                WHERE this.context_id = app_context() AND this.id = @receiptId) earlier
            ORDER BY id DESC LIMIT 1
            """, new { receiptId })).Select(r => ((long, DateTimeOffset)?)(r.Id, new DateTimeOffset(DateTime.SpecifyKind(r.BookedAt, DateTimeKind.Utc))))
            .FirstOrDefault();

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
