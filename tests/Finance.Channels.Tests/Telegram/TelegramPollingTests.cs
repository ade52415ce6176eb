using System.Text.Json.Nodes;
using Finance.Channels.Telegram;
using Finance.Core;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Finance.Channels.Tests.Telegram;

/// <summary>Long polling against a loopback Bot API, with the polling lease on a real PostgreSQL (a database of
/// the test's own: the lease is an advisory lock and needs no tables).</summary>
public sealed class TelegramPollingTests : IAsyncLifetime
{
    // Waits end on the awaited call's signal; this bound only catches a hang (a loaded machine takes seconds to
    // start a host, stop one in a long poll, and take the lease over).
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private readonly RecordingInbox inbox = new();
    private readonly List<IHost> hosts = [];
    private LoopbackTelegramApi api = null!;
    private string connectionString = "";

    public async Task InitializeAsync()
    {
        api = await LoopbackTelegramApi.StartAsync();
        connectionString = await PostgresServer.Instance.CreateDatabaseAsync("polling");
    }

    private Task<IHost> StartHostAsync() => StartHostAsync(api, inbox);

    /// <summary>A host polling <paramref name="bot"/> (each host its own stand-in, so the test sees which one polls).</summary>
    private async Task<IHost> StartHostAsync(LoopbackTelegramApi bot, IInbox into)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration["ConnectionStrings:Finance"] = connectionString;
        builder.Configuration["Finance:Telegram:BotToken"] = bot.Token;
        builder.Configuration["Finance:Telegram:ApiBaseUrl"] = bot.BaseUrl;
        builder.Configuration["Finance:Telegram:PollingTimeoutSeconds"] = "5";
        builder.Configuration["Finance:Telegram:LeaseRetryInterval"] = "00:00:00.100";
        builder.Services.AddLogging();
        builder.Services.AddSingleton(into);
        builder.Services.AddTelegram(builder.Configuration);
        var host = builder.Build();
        await host.StartAsync();
        hosts.Add(host);
        return host;
    }

    [Fact]
    public async Task Of_two_hosts_one_polls_and_the_other_takes_over_when_it_stops()
    {
        await using var secondApi = await LoopbackTelegramApi.StartAsync(api.Token);
        var first = await StartHostAsync();
        await api.WaitForAsync("getUpdates", timeout: Generous);
        var secondInbox = new RecordingInbox();
        await StartHostAsync(secondApi, secondInbox);
        var id = secondApi.EnqueueTextMessage(42, "taxi 12");

        Assert.Empty(secondApi.CallsTo("getUpdates")); // the first host holds the lease
        await first.StopAsync();
        await secondInbox.WaitForAsync(1);

        Assert.Equal(id.ToString(), Assert.Single(secondInbox.Stored).ExternalId);
    }

    [Fact]
    public async Task Queued_updates_reach_the_inbox_and_none_is_fetched_twice()
    {
        var ids = new[] { api.EnqueueTextMessage(42, "coffee 4.50"), api.EnqueueTextMessage(43, "uber 12") };
        await StartHostAsync();
        await inbox.WaitForAsync(2);
        ids = [.. ids, api.EnqueueTextMessage(42, "lunch 9.90")];
        await inbox.WaitForAsync(3);

        // The next poll confirms the last update by asking past it.
        var polls = await api.WaitForAsync(calls => calls.Any(c => c.Method == "getUpdates" && c.Field("offset") == (ids[^1] + 1).ToString()),
            Generous);

        Assert.Equal(ids.Select(i => i.ToString()), inbox.Stored.Select(m => m.ExternalId));
        Assert.Equal(["coffee 4.50", "uber 12", "lunch 9.90"], inbox.Stored.Select(m => m.Text));
        Assert.Equal(ids, api.DeliveredUpdateIds);
        Assert.Equal(3, inbox.Attempts.Count);
        var firstPoll = polls.First(c => c.Method == "getUpdates");
        Assert.Equal(["message", "callback_query"], firstPoll.JsonField("allowed_updates")!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task Polling_removes_a_leftover_webhook_first()
    {
        var setWebhook = new JsonObject { ["url"] = "https://old.example.org/webhooks/telegram" };
        using (var http = new HttpClient())
            (await http.PostAsync($"{api.BaseUrl}/bot{api.Token}/setWebhook",
                new StringContent(setWebhook.ToJsonString(), System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        api.EnqueueTextMessage(42, "rent 900");

        await StartHostAsync();
        await inbox.WaitForAsync(1);

        Assert.Null(api.WebhookUrl);
        var methods = api.Calls.Select(c => c.Method).ToList();
        Assert.True(methods.IndexOf("deleteWebhook") < methods.IndexOf("getUpdates"));
    }

    [Fact]
    public async Task Update_whose_enqueue_failed_is_fetched_again_and_stored_once()
    {
        inbox.FailNext(1);
        var id = api.EnqueueTextMessage(42, "gym 30");

        await StartHostAsync();
        await inbox.WaitForAsync(1);

        Assert.Equal(id.ToString(), Assert.Single(inbox.Stored).ExternalId);
        Assert.Equal([id, id], api.DeliveredUpdateIds);
    }

    [Fact]
    public async Task Button_press_arrives_as_a_callback_message()
    {
        api.EnqueueUpdate(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = "cbq-77",
                ["from"] = new JsonObject { ["id"] = 42, ["is_bot"] = false, ["first_name"] = "Ana" },
                ["chat_instance"] = "ci",
                ["data"] = "undo:tx-9",
                ["message"] = new JsonObject
                {
                    ["message_id"] = 12, ["date"] = 1795000000, ["text"] = "Booked",
                    ["chat"] = new JsonObject { ["id"] = 42, ["type"] = "private" },
                },
            },
        });

        await StartHostAsync();
        await inbox.WaitForAsync(1);

        var message = Assert.Single(inbox.Stored);
        Assert.Equal(("42", "undo:tx-9", "cbq-77", "12"), (message.ChatId, message.CallbackData, message.CallbackId, message.ReplyToMessageId));
    }

    public async Task DisposeAsync()
    {
        foreach (var host in hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }
        await api.DisposeAsync();
    }
}
