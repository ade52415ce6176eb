using Finance.Host.Pipeline;
using Finance.Ledger.Inbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Finance.Host.Tests.Pipeline;

/// <summary>The worker renews the lease of the batch it works on, so a message worked on longer than a lease (photos that
/// waited for an OCR engine) is not taken by another host. The host's timers run on a clock the test moves: the renewal
/// comes when the test says, not after a wait.</summary>
public sealed class InboxLeaseRenewalTests
{
    [Fact]
    public async Task A_message_worked_on_past_its_lease_keeps_it_and_is_not_taken_by_another_host()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var host = new FinanceHost { Services = services => services.AddSingleton<TimeProvider>(clock) };
        await host.InitializeAsync();

        const long chat = 7301;
        var lease = new PipelineOptions().Lease;
        long id;
        await using (var holder = new NpgsqlConnection(host.Database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            // The booking waits for this lock: the message is worked on until the test lets it go.
            await new NpgsqlCommand("LOCK TABLE transactions IN EXCLUSIVE MODE", holder, hold).ExecuteNonQueryAsync();
            (await host.PostAsync(FinanceHost.TextUpdate(chat, "coffee 4.50"))).EnsureSuccessStatusCode();
            Assert.Equal(1L, await host.EventuallyAsync(
                "SELECT count(*) FROM pg_locks WHERE relation = 'transactions'::regclass AND NOT granted", 1L));
            id = await host.ScalarAsync<long>($"SELECT id FROM inbox WHERE chat_id = '{chat}'");
            // The lease the claim took has run out (moved on PostgreSQL's clock, not waited for).
            await host.ExecuteAsync($"UPDATE inbox SET leased_until = now() - interval '1 second' WHERE id = {id}");

            clock.Advance(lease / 3); // the worker's renewal is due

            Assert.True(await host.EventuallyAsync(
                $"SELECT leased_until > now() + interval '{(lease * 2 / 3).TotalSeconds} seconds' FROM inbox WHERE id = {id}", true));
            Assert.Empty(await new InboxStore(host.Database.DataSource).ClaimAsync("another-host", 10, lease, default));
        }

        // Let go, the message is booked and answered once, by the worker that claimed it.
        Assert.Equal("done", await host.EventuallyAsync($"SELECT status FROM inbox WHERE id = {id}", "done"));
        Assert.Contains("$4.50", Assert.Single(host.RepliesTo(chat)));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE amount = 4.50"));
        Assert.Equal(1, await host.ScalarAsync<int>($"SELECT attempts FROM inbox WHERE id = {id}"));
    }
}
