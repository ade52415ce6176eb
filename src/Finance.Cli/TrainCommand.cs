namespace Finance.Cli;

internal static class TrainCommand
{
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("not implemented yet");
        return Task.FromResult(1);
    }
}
