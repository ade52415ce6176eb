namespace Finance.Understanding.Receipts;

/// <summary>One word an OCR engine read, with its box in image pixels and the reading-order line it belongs to.</summary>
public sealed record OcrWord(string Text, int Left, int Top, int Width, int Height, float Confidence, int Line);
