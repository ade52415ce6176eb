using Finance.Host.Pipeline;
using Finance.Ledger.Migrations;
using Npgsql;

namespace Finance.Host;

public static class HostSetup
{
    /// <summary>The inbox worker and the pipeline it runs, with options validated at start.</summary>
    public static IServiceCollection AddPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PipelineOptions>().BindConfiguration("Finance:Pipeline").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MediaToText>();
        services.AddSingleton<MessagePipeline>();
        services.AddSingleton<SenderRateLimiter>();
        services.AddHostedService<InboxWorker>();
        return services;
    }

    /// <summary>Schema first: nothing is served or claimed until the migrations are in.</summary>
    public static Task MigrateLedgerAsync(this WebApplication app) =>
        app.Services.GetRequiredService<Migrator>().MigrateAsync(app.Lifetime.ApplicationStopping);

    /// <summary>/health answers 200 when the host is up and PostgreSQL answers, 503 otherwise.</summary>
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/health", async (NpgsqlDataSource database, CancellationToken cancellationToken) =>
        {
            try
            {
                await using var command = database.CreateCommand("SELECT 1");
                await command.ExecuteScalarAsync(cancellationToken);
                return Results.Text("ok");
            }
            catch (NpgsqlException)
            {
                return Results.Text("database unavailable", statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });
        return app;
    }
}
