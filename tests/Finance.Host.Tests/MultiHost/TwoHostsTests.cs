using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Finance.Channels.WebChat;
using Finance.Conversation.Replies;
using Finance.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Finance.Host.Tests.MultiHost;

/// <summary>Two hosts on Kestrel (as two servers behind a load balancer) on one database, Bot API and clock; each
/// request goes to the host whose turn it is. They must act as one bot.</summary>
public sealed class TwoHostsTests(TwoHostsTests.Hosts hosts) : IClassFixture<TwoHostsTests.Hosts>
{
    private const int Limit = 10;

    public sealed class Hosts : IAsyncLifetime
    {
        private int turn;

        /// <summary>Held still (the rate limit's minute); it starts at the real time, as contexts are made at the
        /// database's now().</summary>
        public ManualClock Clock { get; } = new(DateTimeOffset.UtcNow);

        public FinanceHost World { get; } = new() { StartHostOnInitialize = false };

        public WebApplicationFactory<Program>[] Servers { get; private set; } = [];

        public HttpClient[] Clients { get; private set; } = [];

        public async Task InitializeAsync()
        {
            World.Services = services => services.AddSingleton<TimeProvider>(Clock);
            World.Settings["Finance:Pipeline:MessagesPerMinute"] = Limit.ToString();
            World.Settings["Finance:Jobs:ScanCron"] = "* * * * * ?"; // every second, on both hosts' clustered Quartz
            await World.InitializeAsync();
            Servers = [World.StartHost(kestrel: true), World.StartHost(kestrel: true)];
            Clients = Servers.Select(FinanceHost.ClientOf).ToArray();
        }

        /// <summary>The client of the host whose turn it is (round robin).</summary>
        public HttpClient Next() => Clients[Interlocked.Increment(ref turn) % Clients.Length];

        public async Task DisposeAsync()
        {
            foreach (var client in Clients) client.Dispose();
            await World.DisposeAsync();
        }
    }

    private FinanceHost World => hosts.World;

    [Fact]
    public async Task Telegram_updates_to_either_host_and_redelivered_to_the_other_are_booked_and_answered_once()
    {
        var chats = Enumerable.Range(5001, 8).Select(c => (long)c).ToArray();
        foreach (var chat in chats)
            for (var k = 0; k < 2; k++)
            {
                var update = FinanceHost.TextUpdate(chat, $"lunch {10 + k}");
                (await World.PostAsync(update, client: hosts.Next())).EnsureSuccessStatusCode();
                (await World.PostAsync(update, client: hosts.Next())).EnsureSuccessStatusCode(); // Telegram delivering again
            }

        await World.Telegram.WaitForAsync(_ => chats.All(c => World.RepliesTo(c).Count >= 2), TimeSpan.FromSeconds(30));
        Assert.Equal(16L, await World.EventuallyAsync(
            $"SELECT count(*) FROM inbox WHERE chat_id IN ({string.Join(',', chats.Select(c => $"'{c}'"))}) AND status = 'done'", 16L));

        Assert.Equal(16L, await BookedByAsync(chats));
        Assert.All(chats, chat => Assert.Equal(2, World.RepliesTo(chat).Count));
    }

    [Fact]
    public async Task A_web_chat_posted_on_one_host_is_answered_on_the_stream_of_the_other_uploads_included()
    {
        var (one, other) = (hosts.Clients[0], hosts.Clients[1]);
        var chatId = (await (await one.PostAsync(WebChatApi.SessionPath, null)).Content.ReadFromJsonAsync<WebChatSession>())!.ChatId;
        await using var onOther = await OpenEventsAsync(other, chatId);

        var posted = await one.PostAsJsonAsync(WebChatApi.MessagesPath,
            new { chatId, messageId = Guid.NewGuid().ToString(), text = "coffee 4.50", language = "en-US" });

        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);
        Assert.Contains("$4.50", Assert.Single(await onOther.TextsAsync(1, TimeSpan.FromSeconds(20))));

        // A photo posted on the second host is read by whichever host's worker claims it, from PostgreSQL.
        await using var onOne = await OpenEventsAsync(one, chatId, after: await LastReplyIdAsync(chatId));
        var damaged = new ByteArrayContent([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 9, 9, 9, 9, 9, 9]);
        damaged.Headers.ContentType = MediaTypeHeaderValue.Parse("image/png");
        var upload = await other.PostAsync(WebChatApi.MessagesPath, new MultipartFormDataContent
        {
            { new StringContent(chatId), "chatId" },
            { new StringContent(Guid.NewGuid().ToString()), "messageId" },
            { new StringContent("en-US"), "language" },
            { damaged, "file", "receipt.png" },
        });

        Assert.Equal(HttpStatusCode.Accepted, upload.StatusCode);
        var answer = Assert.Single(await onOne.TextsAsync(1, TimeSpan.FromSeconds(20)));
        if (answer == Phrases.English.ReadingReceipt) answer = Assert.Single(await onOne.TextsAsync(1, TimeSpan.FromSeconds(20)));
        Assert.True(answer == Phrases.English.ImageUnreadable || answer == Phrases.English.NotAPhoto, answer);
    }

    [Fact]
    public async Task The_rate_limit_is_one_for_both_hosts()
    {
        const long chat = 5101;
        for (var i = 0; i < Limit + 5; i++)
            (await World.PostAsync(FinanceHost.TextUpdate(chat, $"snack {i + 1}"), client: hosts.Next())).EnsureSuccessStatusCode();

        Assert.Equal(Limit + 5L, await World.EventuallyAsync($"SELECT count(*) FROM inbox WHERE chat_id = '{chat}' AND status = 'done'", Limit + 5L));

        Assert.Equal(Limit, await BookedByAsync([chat]));
        Assert.Single(World.RepliesTo(chat), r => r.Contains("faster than I can book"));
        Assert.Equal(Limit + 1, World.RepliesTo(chat).Count);
    }

    [Fact]
    public async Task A_due_weekly_summary_is_sent_once_though_both_hosts_run_the_scan()
    {
        const long chat = 5301;
        Assert.Contains("$30.00", await SayAsync(chat, "groceries 30"));
        var before = World.RepliesTo(chat).Count;

        // The Monday after next, 20:00 UTC: past that Monday's 09:00 summary time in the zones around UTC, and after
        // the context was made.
        var now = hosts.Clock.GetUtcNow();
        var monday = now.Date.AddDays(8 + ((int)DayOfWeek.Monday - (int)now.DayOfWeek + 7) % 7).AddHours(20);
        hosts.Clock.Set(new DateTimeOffset(monday, TimeSpan.Zero));
        try
        {
            await World.Telegram.WaitForAsync(_ => World.RepliesTo(chat).Count > before, TimeSpan.FromSeconds(30));
            // Both schedulers are in the cluster, and the scan has fired several times more since the summary went out.
            var sentAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            Assert.Equal(2L, await World.EventuallyAsync("SELECT count(*) FROM qrtz_scheduler_state", 2L));
            Assert.True(await World.EventuallyAsync(
                $"SELECT coalesce(bool_or(prev_fire_time > {sentAt + 3000}), false) FROM qrtz_triggers", true, TimeSpan.FromSeconds(30)));

            Assert.Single(World.RepliesTo(chat).Skip(before));
        }
        finally
        {
            // Later tests make contexts at the real time; none of theirs may be due.
            hosts.Clock.Set(now);
        }
    }

    [Fact]
    public async Task Of_two_polling_hosts_one_polls_and_the_other_takes_over_when_it_stops()
    {
        await using var firstApi = await LoopbackTelegramApi.StartAsync(World.Telegram.Token);
        await using var secondApi = await LoopbackTelegramApi.StartAsync(World.Telegram.Token);
        var first = World.StartHost(Polling(firstApi));
        var second = first;
        try
        {
            await firstApi.WaitForAsync("getUpdates");
            second = World.StartHost(Polling(secondApi));
            secondApi.EnqueueTextMessage(5201, "taxi 12");

            Assert.Empty(secondApi.CallsTo("getUpdates")); // the first host holds the lease
            await first.DisposeAsync();

            Assert.Equal(1L, await World.EventuallyAsync("SELECT count(*) FROM inbox WHERE chat_id = '5201'", 1L, TimeSpan.FromSeconds(30)));
            Assert.Equal(1L, await World.EventuallyAsync("SELECT count(*) FROM inbox WHERE chat_id = '5201' AND status = 'done'", 1L));
        }
        finally
        {
            // Their workers share the inbox with the other tests' hosts, and they reply through stand-ins that end here.
            await first.DisposeAsync();
            await second.DisposeAsync();
        }
    }

    private static Dictionary<string, string?> Polling(LoopbackTelegramApi api) => new()
    {
        ["Finance:Telegram:Mode"] = "polling",
        ["Finance:Telegram:ApiBaseUrl"] = api.BaseUrl,
        ["Finance:Telegram:PollingTimeoutSeconds"] = "5",
        ["Finance:Telegram:LeaseRetryInterval"] = "00:00:00.100",
        ["Finance:Jobs:Enabled"] = "false",
    };

    /// <summary>Posts a text to the host whose turn it is and waits for the bot's reply in that chat.</summary>
    private async Task<string> SayAsync(long chat, string text)
    {
        var before = World.RepliesTo(chat).Count;
        (await World.PostAsync(FinanceHost.TextUpdate(chat, text), client: hosts.Next())).EnsureSuccessStatusCode();
        await World.Telegram.WaitForAsync(_ => World.RepliesTo(chat).Count > before, TimeSpan.FromSeconds(15));
        return World.RepliesTo(chat)[before];
    }

    private Task<long> BookedByAsync(long[] chats) => World.ScalarAsync<long>($"""
        SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
        WHERE i.external_user_id IN ({string.Join(',', chats.Select(c => $"'{c}'"))})
        """);

    private Task<long> LastReplyIdAsync(string chatId) =>
        World.ScalarAsync<long>($"SELECT max(id) FROM web_chat_replies WHERE chat_id = '{chatId}'");

    private static async Task<EventStream> OpenEventsAsync(HttpClient client, string chatId, long? after = null)
    {
        var response = await client.GetAsync($"{WebChatApi.EventsPath}?chat={chatId}" + (after is null ? "" : $"&after={after}"),
            HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return new EventStream(response, await response.Content.ReadAsStreamAsync(), WebChatApi.ReplyEvent);
    }
}
