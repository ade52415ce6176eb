namespace Finance.Jobs.Tests.Scheduling;

public sealed class DueWorkTests
{
    [Fact]
    public async Task A_spread_scan_waits_for_each_visits_turn_and_a_stopping_host_ends_it_there()
    {
        await using var world = await JobsHost.StartAsync(new DateTimeOffset(2026, 11, 10, 20, 0, 0, TimeSpan.Zero));
        for (var chat = 901; chat <= 903; chat++) await world.AddContextAsync(chat, "Europe/London");
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();

        // Spread over an hour, the second visit's turn is 20 minutes after the first: the stopping host ends the scan there.
        Assert.Equal((1, 3), await world.NewDueWork().ScanAsync(TimeSpan.FromHours(1), stopping.Token, CancellationToken.None));
        // Not spread, every context is visited in one go, stopping or not.
        Assert.Equal((3, 3), await world.NewDueWork().ScanAsync(TimeSpan.Zero, stopping.Token, CancellationToken.None));
    }
}
