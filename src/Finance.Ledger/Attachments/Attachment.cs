namespace Finance.Ledger.Attachments;

/// <summary>A file a user sent (a receipt photo), without its bytes: what was read from it and the
/// booking it became, if any yet.</summary>
public sealed record Attachment(
    long Id,
    string Source,
    string SourceMessageId,
    string Kind,
    string? MimeType,
    string? Text,
    string? Merchant,
    decimal? Total,
    string? Currency,
    DateOnly? DocumentDate,
    decimal? Tax,
    long? TransactionId,
    string? Caption = null);

/// <summary>A receipt photo to keep: the image, its OCR text and the fields read from it.</summary>
public sealed record NewReceipt(
    string Source,
    string SourceMessageId,
    string? MimeType,
    byte[] Content,
    string Text,
    string? Merchant,
    decimal? Total,
    string? Currency,
    DateOnly? DocumentDate,
    decimal? Tax,
    string? Caption = null);
