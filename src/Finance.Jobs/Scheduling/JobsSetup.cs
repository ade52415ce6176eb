using Finance.Banks.Connections;
using Finance.Banks.Providers;
using Finance.Jobs.Banks;
using Finance.Jobs.Budgets;
using Finance.Jobs.Outbox;
using Finance.Jobs.Rates;
using Finance.Jobs.Subscriptions;
using Finance.Jobs.WeeklySummary;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace Finance.Jobs.Scheduling;

public static class JobsSetup
{
    /// <summary>Scheduled work (Finance:Jobs): the scan and the outbox, run by Quartz with its clustered
    /// job store on the ledger's PostgreSQL (tables qrtz_*, migration 004), so hosts share one schedule.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobsOptions>().BindConfiguration("Finance:Jobs").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<OutboxSender>();
        services.AddSingleton<WeeklySummaryNotice>();
        services.AddSingleton<SubscriptionWatch>();
        services.AddSingleton<BudgetWatch>();
        services.AddSingleton<DueWork>();
        services.AddOptions<RatesOptions>().BindConfiguration("Finance:Rates").ValidateDataAnnotations().ValidateOnStart();
        services.AddHttpClient<EcbRatesFeed>();
        services.AddTransient<ExchangeRatesJob>();
        services.AddSingleton<BankSyncRun>();

        var options = configuration.GetSection("Finance:Jobs").Get<JobsOptions>() ?? new JobsOptions();
        if (!options.Enabled) return services;
        var rates = configuration.GetSection("Finance:Rates").Get<RatesOptions>() ?? new RatesOptions();
        var banks = configuration.GetSection(BankOptions.Section).Get<BankOptions>() ?? new BankOptions();
        var connectionString = configuration.GetConnectionString("Finance")
            ?? throw new InvalidOperationException("ConnectionStrings:Finance is not set (ConnectionStrings__Finance).");
        services.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(scheduler =>
            {
                scheduler.InstanceName = "finance";
                scheduler.GenerateInstanceId = true;
            });
            quartz.UsePersistentStore(store =>
            {
                // The plain login, not finance_app: Quartz's tables are nobody's context (see 004_quartz.sql).
                store.UsePostgres(connectionString);
                store.ConfigureStore(o => o.TablePrefix = "qrtz_");
                store.UseClustering();
            });
            quartz.AddJob<ProactiveJob>(job => job.WithIdentity(ProactiveJob.Name).StoreDurably().DisallowConcurrentExecution());
            quartz.AddTrigger(trigger => trigger
                .ForJob(ProactiveJob.Name)
                .WithIdentity(ProactiveJob.Name)
                // After downtime the scan runs once at once, not once per missed firing; what it sends is
                // decided by the ledger's notification rows anyway.
                .WithCronSchedule(options.ScanCron, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            if (banks.AnyProvider)
            {
                quartz.AddJob<BankSyncJob>(job => job.WithIdentity(BankSyncJob.Name).StoreDurably().DisallowConcurrentExecution());
                quartz.AddTrigger(trigger => trigger
                    .ForJob(BankSyncJob.Name)
                    .WithIdentity(BankSyncJob.Name)
                    // On the hour, every N hours; after downtime one run catches up (connections not synced since are due).
                    .WithCronSchedule($"0 0 0/{banks.SyncEveryHours} * * ?", cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
                // One connection now (/bank sync) or again later (a sync the bank failed): one-off triggers, see QuartzBankSyncQueue.
                quartz.AddJob<BankSyncNowJob>(job => job.WithIdentity(BankSyncNowJob.Name).StoreDurably());
            }
            if (!rates.Enabled) return;
            quartz.AddJob<ExchangeRatesJob>(job => job.WithIdentity(ExchangeRatesJob.Name).StoreDurably().DisallowConcurrentExecution());
            quartz.AddTrigger(trigger => trigger
                .ForJob(ExchangeRatesJob.Name)
                .WithIdentity(ExchangeRatesJob.Name)
                .WithCronSchedule(rates.Cron, cron => cron.WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
            // Once at start-up (with the 90-day history): a new or long-stopped deployment converts at once.
            quartz.AddTrigger(trigger => trigger
                .ForJob(ExchangeRatesJob.Name)
                .WithIdentity(ExchangeRatesJob.AtStart)
                .StartNow()
                .WithSimpleSchedule(s => s.WithRepeatCount(0))); // the smart misfire policy of a one-shot trigger fires it at once
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        if (banks.AnyProvider) services.Replace(ServiceDescriptor.Singleton<IBankSyncQueue, QuartzBankSyncQueue>());
        return services;
    }
}
