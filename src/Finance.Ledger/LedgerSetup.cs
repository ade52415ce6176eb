using Dapper;
using Finance.Core;
using Finance.Ledger.Budgets;
using Finance.Ledger.Contexts;
using Finance.Ledger.Inbox;
using Finance.Ledger.Migrations;
using Finance.Ledger.Subscriptions;
using Finance.Ledger.Transactions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Finance.Ledger;

public static class LedgerSetup
{
    static LedgerSetup()
    {
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new DateOnlyTypeHandler());
    }

    /// <summary>The ledger on ConnectionStrings:Finance: data source, migrations, stores, inbox.</summary>
    public static IServiceCollection AddLedger(this IServiceCollection services, IConfiguration configuration)
    {
        var connectionString = configuration.GetConnectionString("Finance");
        if (string.IsNullOrWhiteSpace(connectionString))
            throw new InvalidOperationException("ConnectionStrings:Finance is not set (ConnectionStrings__Finance).");
        return services.AddLedger(connectionString);
    }

    public static IServiceCollection AddLedger(this IServiceCollection services, string connectionString)
    {
        services.AddSingleton(_ => CreateDataSource(connectionString));
        services.AddSingleton<Migrator>();
        services.AddSingleton<MemberStore>();
        services.AddSingleton<ContextStore>();
        services.AddSingleton<TransactionStore>();
        services.AddSingleton<CategoryOverrideStore>();
        services.AddSingleton<Attachments.AttachmentStore>();
        services.AddSingleton<SubscriptionStore>();
        services.AddSingleton<BudgetStore>();
        services.AddSingleton<Rates.ExchangeRates>();
        services.AddSingleton<InboxStore>();
        services.AddSingleton<Buttons.ButtonActionStore>();
        services.AddSingleton<IInbox>(sp => sp.GetRequiredService<InboxStore>());
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        builder.ApplicationName ??= "finance";
        // The same few statements run for every message: let PostgreSQL keep their plans.
        if (builder.MaxAutoPrepare == 0) builder.MaxAutoPrepare = 64;
        // Only transaction-local settings are used (SET LOCAL ROLE, set_config(…, true)), so a pooled
        // connection carries nothing over and the reset round trip (DISCARD ALL) can be skipped.
        builder.NoResetOnClose = true;
        // Plan each prepared statement once. Left to choose, PostgreSQL re-plans the booking INSERT on every
        // call: its unnest(@arrays) looks cheaper with the real array length than in a generic plan, so the
        // generic plan never wins. Every statement here is a short keyed one, which a generic plan serves well.
        if (builder.Options?.Contains("plan_cache_mode") != true)
            builder.Options = $"{builder.Options} -c plan_cache_mode=force_generic_plan".Trim();
        return new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }
}
