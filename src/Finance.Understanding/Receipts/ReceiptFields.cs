namespace Finance.Understanding.Receipts;

/// <summary>
/// The fields read from a receipt. <see cref="TotalConfident"/> is true when the total came from a
/// total line (not a guess from the largest amount) and agrees with the rest of the receipt.
/// </summary>
/// <param name="Currency">ISO 4217 code when a symbol or code was printed (R$ → BRL, RM → MYR …).</param>
/// <param name="Merchant">The business name as printed near the top.</param>
public sealed record ReceiptFields(
    decimal? Total,
    string? Currency,
    DateOnly? Date,
    string? Merchant,
    decimal? Tax,
    bool TotalConfident)
{
    /// <summary>The likeliest totals, best first (the total itself included): the buttons offered when the total is in doubt.</summary>
    public IReadOnlyList<decimal> TotalCandidates { get; init; } = Total is { } total ? [total] : [];

    /// <summary>Every amount a total, payment, subtotal or rounding line names as the total (<see cref="TotalCandidates"/> also
    /// offers the largest amounts printed, so that there is something to tap).</summary>
    public IReadOnlyList<decimal> NamedTotals { get; init; } = [];

    /// <summary>Another date on the receipt is one digit from <see cref="Date"/> ("18/03/2017" on the header, "13/03/2017" by
    /// the till): one of them was misread, and the text does not say which; or <see cref="Date"/> was mended from a month or
    /// day no calendar has ("19/64/2017"), a guess at the misread digit.</summary>
    public bool DateInDoubt { get; init; }

    /// <summary>How sure the OCR was of the total's digits (0–100); 100 when the receipt's own arithmetic confirms it.</summary>
    public float TotalConfidence { get; init; } = 100;

    /// <summary>The receipt's own arithmetic (paid − change, subtotal + tax, rounding) gives the same total.</summary>
    public bool TotalConfirmed { get; init; }

    public static readonly ReceiptFields None = new(null, null, null, null, null, false);
}
