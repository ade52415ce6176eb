namespace Finance.Banks.Statements;

/// <summary>A question the file's layout left open: the reader guessed, the user confirms or flips it.</summary>
public enum LayoutDoubt
{
    /// <summary>Every date reads both day-first and month-first (no day above 12).</summary>
    DayMonthOrder,
    /// <summary>Every amount reads with either decimal mark ("1,234": 1234 or 1.234).</summary>
    DecimalMark,
    /// <summary>One amount column, all positive, nothing saying which way the money went.</summary>
    Sign,
}

/// <summary>The answers to <see cref="LayoutDoubt"/>s: null leaves the reader's own guess.</summary>
public sealed record LayoutChoices(bool? DayFirst = null, bool? DecimalComma = null, bool? PositiveIsIncome = null)
{
    public static LayoutChoices None { get; } = new();
}

/// <summary>A statement file read into bank rows: its format, the layout it was read with, and what stayed doubtful.</summary>
public sealed record Statement(string Format, IReadOnlyList<BankRow> Rows, CsvLayout? Layout, IReadOnlyList<LayoutDoubt> Doubts);

/// <summary>A statement file that could not be read, and why (shown to the user).</summary>
public sealed class StatementFormatException(string message) : Exception(message);
