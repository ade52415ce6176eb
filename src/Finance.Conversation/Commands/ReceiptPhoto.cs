using Finance.Understanding.Receipts;

namespace Finance.Conversation.Commands;

/// <summary>A receipt photo once read: the image as sent, its OCR text and the fields found in it.</summary>
public sealed record ReceiptPhoto(byte[] Image, string? MimeType, string Text, ReceiptFields Fields);
