namespace Finance.Core;

public enum Direction { Expense, Income, Transfer }

public static class DirectionNames
{
    public static string ToWire(this Direction d) => d switch
    {
        Direction.Income => "income",
        Direction.Transfer => "transfer",
        _ => "expense",
    };

    public static Direction Parse(string s) => s switch
    {
        "income" => Direction.Income,
        "transfer" => Direction.Transfer,
        "expense" => Direction.Expense,
        _ => throw new FormatException($"Unknown direction '{s}'."),
    };
}
