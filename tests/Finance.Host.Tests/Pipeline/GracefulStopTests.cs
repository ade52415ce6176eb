using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Finance.Host.Tests.Pipeline;

/// <summary>SIGTERM (a deploy, a scale-down): the host stops claiming, finishes or gives back what it holds, and
/// another host carries on. Leases are set far beyond the test's bounds, so only the stopping host's own hand-over
/// can pass these tests, never a lease running out.</summary>
public sealed class GracefulStopTests : IAsyncLifetime
{
    private readonly FinanceHost fixture = new() { StartHostOnInitialize = false };

    public Task InitializeAsync()
    {
        fixture.Settings["Finance:Pipeline:Lease"] = "00:10:00";
        return fixture.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        fixture.Telegram.Release("sendMessage");
        await fixture.DisposeAsync();
    }

    [Fact]
    public async Task A_stopping_host_finishes_the_message_it_is_answering()
    {
        var host = fixture.StartHost();
        await AnswerHeldAsync(host, 4001, "coffee 7");

        var stopped = host.Services.GetRequiredService<IHost>().StopAsync();
        await WhenStoppingAsync(host);
        fixture.Telegram.Release("sendMessage");
        await stopped;

        Assert.Equal("done", await fixture.ScalarAsync<string>("SELECT status FROM inbox"));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Single(fixture.RepliesTo(4001));
    }

    [Fact]
    public async Task A_host_stopped_past_its_shutdown_timeout_gives_the_message_back_and_another_host_answers_it()
    {
        var first = fixture.StartHost();
        await AnswerHeldAsync(first, 4002, "tea 2");

        // A shutdown timeout already over: the worker must let go at once.
        try
        {
            await first.Services.GetRequiredService<IHost>().StopAsync(new CancellationToken(canceled: true));
        }
        catch (OperationCanceledException)
        {
        }
        fixture.Telegram.Release("sendMessage");
        fixture.StartHost();

        Assert.Equal("done", await fixture.EventuallyAsync("SELECT status FROM inbox", "done", TimeSpan.FromSeconds(90)));
        Assert.Equal(1L, await fixture.ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.All(fixture.RepliesTo(4002), reply => Assert.Contains("$2.00", reply));
    }

    [Fact]
    public async Task A_rolling_restart_of_two_hosts_loses_nothing_and_books_nothing_twice()
    {
        var hosts = new List<WebApplicationFactory<Program>> { fixture.StartHost(), fixture.StartHost() };
        var posted = 0;
        async Task PostRoundAsync()
        {
            for (var i = 0; i < 20; i++, posted++)
                (await fixture.PostAsync(FinanceHost.TextUpdate(4100 + posted % 5, $"snack {posted + 1}"),
                    client: hosts[posted % hosts.Count].CreateClient())).EnsureSuccessStatusCode();
        }

        await PostRoundAsync();
        for (var restarted = 0; restarted < hosts.Count; restarted++)
        {
            // One host goes (SIGTERM) while the other keeps taking messages, then its replacement comes up.
            var leaving = hosts[restarted];
            hosts[restarted] = hosts[1 - restarted];
            var stopping = leaving.Services.GetRequiredService<IHost>().StopAsync();
            await PostRoundAsync();
            await stopping;
            hosts[restarted] = fixture.StartHost();
            await PostRoundAsync();
        }

        Assert.Equal((long)posted, await fixture.EventuallyAsync(
            "SELECT count(*) FROM inbox WHERE status = 'done'", (long)posted, TimeSpan.FromSeconds(90)));
        Assert.Equal((long)posted, await fixture.ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Equal((long)posted, await fixture.ScalarAsync<long>("SELECT count(DISTINCT amount) FROM transactions"));
        var answered = Enumerable.Range(4100, 5).SelectMany(chat => fixture.RepliesTo(chat)).Distinct().Count();
        Assert.Equal(posted, answered);
    }

    /// <summary>Posts a message and returns once the host is inside sendMessage with its reply, held there.</summary>
    private async Task AnswerHeldAsync(WebApplicationFactory<Program> host, long chatId, string text)
    {
        fixture.Telegram.Hold("sendMessage");
        (await fixture.PostAsync(FinanceHost.TextUpdate(chatId, text), client: host.CreateClient())).EnsureSuccessStatusCode();
        await fixture.Telegram.WaitForAsync("sendMessage");
    }

    private static Task WhenStoppingAsync(WebApplicationFactory<Program> host)
    {
        var stopping = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        stopping.Register(() => signal.TrySetResult());
        return signal.Task;
    }
}
