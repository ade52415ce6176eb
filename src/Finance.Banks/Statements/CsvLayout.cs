namespace Finance.Banks.Statements;

/// <summary>How a CSV statement is laid out, as the reader worked it out (columns are 0-based; -1 when absent).</summary>
public sealed record CsvLayout(
    char Delimiter,
    bool HasHeader,
    int DateColumn,
    string DateFormat,
    bool DayFirst,
    int AmountColumn,
    int DebitColumn,
    int CreditColumn,
    int IndicatorColumn,
    IReadOnlyList<int> DescriptionColumns,
    int CurrencyColumn,
    int IdColumn,
    bool DecimalComma,
    bool PositiveIsIncome);
