using Finance.Understanding.Receipts;

namespace Finance.Conversation.Commands;

/// <summary>A receipt photo once read: the image as sent, its OCR text and the fields found in it.</summary>
/// <param name="Damaged">The image's data was corrupt part-way and was read from what decoded: the reply says so.</param>
public sealed record ReceiptPhoto(byte[] Image, string? MimeType, string Text, ReceiptFields Fields, bool Damaged = false);
