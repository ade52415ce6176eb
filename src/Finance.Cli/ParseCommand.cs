namespace Finance.Cli;

internal static class ParseCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("not implemented yet");
        return Task.FromResult(1);
    }
}
