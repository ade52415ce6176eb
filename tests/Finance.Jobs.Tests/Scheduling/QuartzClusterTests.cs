using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Quartz;

namespace Finance.Jobs.Tests.Scheduling;

public sealed class QuartzClusterTests
{
    [Fact]
    public async Task Two_clustered_schedulers_on_one_database_send_the_summary_once()
    {
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.Zero));
        await world.AddContextAsync(601, "Europe/London");
        await world.AddContextAsync(602, "Europe/London");

        // Every second, on two hosts sharing the database's schedule.
        var firings = new Firings();
        foreach (var host in new[] { await world.StartSchedulerHostAsync("* * * * * ?"), await world.StartSchedulerHostAsync("* * * * * ?") })
            await firings.ListenToAsync(host);
        await world.Telegram.WaitForAsync(_ => world.SentTo(601).Count >= 1 && world.SentTo(602).Count >= 1, TimeSpan.FromSeconds(30));

        // Several more scans finish after both summaries went out, and none sends again. The schedulers run on the
        // test's clock: each second it moves on is one more firing, on whichever host takes it.
        firings.Forget();
        for (var i = 0; i < 3; i++)
        {
            world.Clock.Advance(TimeSpan.FromSeconds(1));
            await firings.WaitForNextAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Single(world.SentTo(601));
        Assert.Single(world.SentTo(602));
        Assert.Equal(2L, await world.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state"));
    }

    /// <summary>Counts finished firings on the schedulers it listens to, and lets a test wait for more of them.</summary>
    private sealed class Firings : IJobListener
    {
        private readonly SemaphoreSlim finished = new(0);

        public string Name => $"test-firings-{GetHashCode()}";

        public async Task ListenToAsync(IHost host)
        {
            var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
            scheduler.ListenerManager.AddJobListener(this);
        }

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
        {
            finished.Release();
            return ValueTask.CompletedTask;
        }

        /// <summary>Firings finished so far are not waited for.</summary>
        public void Forget()
        {
            while (finished.CurrentCount > 0) finished.Wait(0);
        }

        /// <summary>Waits for the next firing to finish (the bound only catches a schedule that stopped).</summary>
        public async Task WaitForNextAsync(TimeSpan bound) =>
            Assert.True(await finished.WaitAsync(bound), "the schedule stopped firing");
    }
}
