using Finance.Channels.Telegram;
using Finance.Testing;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Finance.Channels.Tests.Telegram;

public sealed class PollingLeaseTests : IAsyncLifetime
{
    private const string Token = "123456:lease-test";
    private string connectionString = "";

    public async Task InitializeAsync() => connectionString = await PostgresServer.Instance.CreateDatabaseAsync("lease");

    public Task DisposeAsync() => Task.CompletedTask;

    private PollingLease NewHostsLease() => new(new SessionConnections(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Finance"] = connectionString }).Build()));

    [Fact]
    public async Task While_one_host_holds_the_lease_another_cannot_take_it_and_takes_it_once_released()
    {
        var (first, second) = (NewHostsLease(), NewHostsLease());

        var held = await first.TryTakeAsync(Token, CancellationToken.None);
        Assert.NotNull(held);
        Assert.Null(await second.TryTakeAsync(Token, CancellationToken.None));
        Assert.True(await held.StillHeldAsync(CancellationToken.None));

        await held.DisposeAsync();
        await using var taken = await second.TryTakeAsync(Token, CancellationToken.None);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task When_the_holders_session_dies_the_holder_knows_and_another_host_takes_the_lease()
    {
        var (first, second) = (NewHostsLease(), NewHostsLease());
        await using var held = await first.TryTakeAsync(Token, CancellationToken.None);
        Assert.NotNull(held);

        // What PostgreSQL does when the holder's process or connection dies: the session ends (waiting until it has).
        await using (var admin = new NpgsqlConnection(connectionString))
        {
            await admin.OpenAsync();
            await using var kill = new NpgsqlCommand(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity WHERE application_name = 'finance telegram polling' AND datname = current_database()",
                admin);
            await kill.ExecuteNonQueryAsync();
        }

        Assert.False(await held.StillHeldAsync(CancellationToken.None));
        await using var taken = await second.TryTakeAsync(Token, CancellationToken.None);
        Assert.NotNull(taken);
    }

    [Fact]
    public async Task Two_bots_on_one_database_each_have_their_own_lease()
    {
        var (first, second) = (NewHostsLease(), NewHostsLease());

        await using var one = await first.TryTakeAsync("111:a", CancellationToken.None);
        await using var other = await second.TryTakeAsync("222:b", CancellationToken.None);

        Assert.NotNull(one);
        Assert.NotNull(other);
    }
}
