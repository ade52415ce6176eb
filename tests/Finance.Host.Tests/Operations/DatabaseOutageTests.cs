using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Finance.Testing;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace Finance.Host.Tests.Operations;

/// <summary>PostgreSQL crashes under a running host and comes back: a cluster of this test's own (the shared one
/// serves the other tests), stopped with <c>pg_ctl stop -m immediate</c> and started again on the same port.</summary>
public sealed class DatabaseOutageTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(90);
    private readonly string clusterDirectory = Path.Combine(Path.GetTempPath(), $"finance-outage-pg-{Guid.NewGuid():N}");
    private readonly FinanceHost fixture = new() { StartHostOnInitialize = false };
    private LoopbackGraphApi graph = null!;
    private string database = "";

    public async Task InitializeAsync()
    {
        var admin = PostgresServer.Script("start", clusterDirectory, "durable");
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await new NpgsqlCommand("CREATE DATABASE finance", connection).ExecuteNonQueryAsync();
        }
        database = new NpgsqlConnectionStringBuilder(admin) { Database = "finance" }.ConnectionString;
        await fixture.InitializeAsync();
        graph = await LoopbackGraphApi.StartAsync();
    }

    public async Task DisposeAsync()
    {
        fixture.Telegram.Release("sendMessage");
        await fixture.DisposeAsync();
        await graph.DisposeAsync();
        PostgresServer.Script("stop", clusterDirectory);
        try { Directory.Delete(clusterDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task While_PostgreSQL_is_down_the_host_answers_503_and_once_it_is_back_books_every_message_once()
    {
        var settings = new Dictionary<string, string?>(graph.Settings)
        {
            ["ConnectionStrings:Finance"] = database,
            ["Finance:Jobs:ScanCron"] = "0/1 * * * * ?", // every second, so the test sees the scheduler fire again
        };
        var host = fixture.StartHost(settings);
        var http = host.CreateClient();
        Assert.Equal("ok", await http.GetStringAsync("/health"));
        Assert.Contains("3.00", await SayAsync(http, 101, FinanceHost.TextUpdate(101, "coffee 3")));

        // The worker is inside sendMessage for a message whose booking is committed when PostgreSQL crashes: finishing
        // the row fails, which ended the process before.
        fixture.Telegram.Hold("sendMessage");
        Assert.Equal(HttpStatusCode.OK, (await fixture.PostAsync(FinanceHost.TextUpdate(102, "lunch 12"), client: http)).StatusCode);
        await fixture.Telegram.WaitForAsync(calls => calls.Any(c => c.Method == "sendMessage" && c.Field("chat_id") == "102"), Generous);
        var firedBefore = await ScalarAsync<long>("SELECT coalesce(max(prev_fire_time), 0) FROM qrtz_triggers");
        PostgresServer.Script("crash", clusterDirectory);
        fixture.Telegram.Release("sendMessage");

        // Down: nothing is acknowledged that was not stored.
        var taxi = FinanceHost.TextUpdate(103, "taxi 20");
        var whatsApp = LoopbackGraphApi.Payload("5511900000104", "Ana", LoopbackGraphApi.TextMessage("5511900000104", "bread 5"));
        var webChat = new { chatId = new string('a', 32), messageId = Guid.NewGuid().ToString(), text = "groceries 30", language = "en-US" };
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await fixture.PostAsync(taxi, client: http)).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.SendAsync(graph.SignedWebhook(whatsApp))).StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await http.PostAsJsonAsync("/webchat/messages", webChat)).StatusCode);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);

        PostgresServer.Script("start", clusterDirectory, "durable");

        // Back: the senders deliver again until they get a 2xx, as Telegram, Meta and the page do.
        await UntilAsync(async () => (await fixture.PostAsync(taxi, client: http)).IsSuccessStatusCode);
        await UntilAsync(async () => (await http.SendAsync(graph.SignedWebhook(whatsApp))).IsSuccessStatusCode);
        await UntilAsync(async () => (await http.PostAsJsonAsync("/webchat/messages", webChat)).IsSuccessStatusCode);
        Assert.Equal("ok", await http.GetStringAsync("/health"));

        await fixture.Telegram.WaitForAsync(_ => fixture.RepliesTo(103).Count == 1, Generous);
        await graph.WaitForAsync(_ => graph.MessagesTo("5511900000104").Count == 1, Generous);
        await UntilAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM inbox WHERE status <> 'done'") == 0);
        Assert.Equal(5L, await ScalarAsync<long>("SELECT count(*) FROM inbox"));
        Assert.Equal(5L, await ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Equal(5L, await ScalarAsync<long>("SELECT count(DISTINCT (source, source_message_id)) FROM transactions"));
        Assert.InRange(fixture.RepliesTo(102).Count, 1, 2); // sent before the crash; once more if the finish was lost

        // Quartz carries on by itself: its trigger fires again after the outage.
        await UntilAsync(async () => await ScalarAsync<long>("SELECT coalesce(max(prev_fire_time), 0) FROM qrtz_triggers") > firedBefore);
        Assert.False(host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested);
    }

    private async Task<string> SayAsync(HttpClient http, long chatId, JsonObject update)
    {
        var before = fixture.RepliesTo(chatId).Count;
        (await fixture.PostAsync(update, client: http)).EnsureSuccessStatusCode();
        await fixture.Telegram.WaitForAsync(_ => fixture.RepliesTo(chatId).Count > before, Generous);
        return fixture.RepliesTo(chatId)[before];
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync();
        return (T)(await new NpgsqlCommand(sql, connection).ExecuteScalarAsync())!;
    }

    /// <summary>Tries until the condition holds, within a bound far above what it needs: the test waits on the
    /// outcome, never on a guess of how long it takes.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Generous;
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                // PostgreSQL is still recovering.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not come true.");
            await Task.Delay(100);
        }
    }
}
