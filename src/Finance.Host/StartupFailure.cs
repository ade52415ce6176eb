using Microsoft.Extensions.Options;

namespace Finance.Host;

/// <summary>A setting the host cannot start without, said plainly and with exit status 1, instead of an unhandled
/// exception (which, as a container's PID 1, ends with a crash status and a stack trace).</summary>
public static class StartupFailure
{
    /// <summary>What must be set before anything is built; null when all is there.</summary>
    public static string? MissingSettings(IConfiguration configuration) =>
        string.IsNullOrWhiteSpace(configuration.GetConnectionString("Finance"))
            ? "ConnectionStrings__Finance is not set: give the PostgreSQL connection string, e.g. Host=db;Database=finance;Username=finance;Password=…"
            : null;

    public static int Explain(string problem)
    {
        Console.Error.WriteLine($"Finance cannot start: {problem}");
        return 1;
    }

    /// <summary>Runs the host until it stops; settings that fail validation at start end it with status 1.</summary>
    public static async Task<int> RunOrExplainAsync(this WebApplication app)
    {
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (OptionsValidationException e)
        {
            return Explain(string.Join(Environment.NewLine, e.Failures));
        }
    }
}
