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
        await world.StartSchedulerHostAsync("* * * * * ?");
        await world.StartSchedulerHostAsync("* * * * * ?");
        await world.Telegram.WaitForAsync(_ => world.SentTo(601).Count >= 1 && world.SentTo(602).Count >= 1, TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(3)); // several more firings on both hosts

        Assert.Single(world.SentTo(601));
        Assert.Single(world.SentTo(602));
        Assert.Equal(2L, await world.ScalarAsync<long>("SELECT count(*) FROM qrtz_scheduler_state"));
    }
}
