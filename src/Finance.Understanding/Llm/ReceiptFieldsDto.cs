namespace Finance.Understanding.Llm;

/// <summary>Receipt fields the LLM read from OCR text and the text supports. Any field may be missing.</summary>
public sealed record ReceiptFieldsDto(decimal? Total, string? Currency, DateOnly? Date, string? Merchant, decimal? Tax);
