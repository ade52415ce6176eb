using Npgsql;

namespace Finance.Host.Tests.Pipeline;

/// <summary>Typed messages claimed together share a transaction per lane (one commit for many); a failure
/// among them must cost the others nothing.</summary>
public sealed class InboxWorkerLaneTests
{
    [Fact]
    public async Task Typed_messages_claimed_together_are_booked_in_one_transaction_per_lane()
    {
        await using var host = await StartAsync(concurrency: 8);
        var texts = Enumerable.Range(2, 10).Select(amount => $"coffee {amount}").ToArray();

        var replies = await PostClaimedTogetherAsync(host, texts);

        for (var i = 0; i < replies.Count; i++) Assert.Contains($"${i + 2}.00", replies[i]);
        Assert.Equal(10L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE amount > 1"));
        // Ten chats make two lanes of about eight messages' room: two commits, not ten.
        Assert.Equal(2L, await host.ScalarAsync<long>("SELECT count(DISTINCT xmin::text) FROM transactions WHERE amount > 1"));
    }

    [Fact]
    public async Task A_failing_message_among_others_handled_together_costs_the_others_nothing()
    {
        await using var host = await StartAsync(concurrency: 1);
        await host.ExecuteAsync("""
            CREATE FUNCTION refuse_13() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN IF NEW.amount = 13 THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_13 BEFORE INSERT ON transactions FOR EACH ROW EXECUTE FUNCTION refuse_13();
            """);

        var replies = await PostClaimedTogetherAsync(host, ["coffee 2", "coffee 13", "coffee 4"]);

        Assert.Contains("$2.00", replies[0]);
        Assert.Contains("NOT booked", replies[1]);
        Assert.Contains("$4.00", replies[2]);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE amount = 2"));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE amount = 4"));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions WHERE amount = 13"));
        Assert.Equal("dead", await host.EventuallyAsync(
            "SELECT status FROM inbox WHERE message->>'text' = 'coffee 13'", "dead"));
    }

    [Fact]
    public async Task A_new_senders_second_message_in_the_same_lane_finds_the_user_its_first_created()
    {
        await using var host = await StartAsync(concurrency: 1);

        var replies = await PostClaimedTogetherAsync(host, ["coffee 2", "coffee 3"], chat: 7100);

        Assert.Equal(2, replies.Count);
        Assert.Contains("$2.00", replies[0]);
        Assert.Contains("$3.00", replies[1]);
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(*) FROM channel_identities WHERE external_user_id = '7100'"));
        Assert.Equal(1L, await host.ScalarAsync<long>("SELECT count(DISTINCT context_id) FROM transactions WHERE amount IN (2, 3)"));
    }

    [Fact]
    public async Task A_message_after_a_settings_change_in_the_same_lane_sees_the_change()
    {
        await using var host = await StartAsync(concurrency: 1);
        (await host.PostAsync(FinanceHost.TextUpdate(7200, "coffee 1"))).EnsureSuccessStatusCode();
        await host.Telegram.WaitForAsync("sendMessage", 1);

        var replies = await PostClaimedTogetherAsync(host, ["coffee 2", "/settings currency EUR", "coffee 3"], chat: 7200);

        Assert.Contains("$2.00", replies[0]);
        Assert.Contains("€3.00", replies[2]);
        Assert.Equal("EUR", await host.ScalarAsync<string>("SELECT currency FROM transactions WHERE amount = 3"));
    }

    private static async Task<FinanceHost> StartAsync(int concurrency)
    {
        var host = new FinanceHost();
        host.Settings["Finance:Pipeline:Concurrency"] = concurrency.ToString();
        host.Settings["Finance:Pipeline:MaxAttempts"] = "2";
        host.Settings["Finance:Pipeline:FirstRetryDelay"] = "00:00:00.020";
        await host.InitializeAsync();
        return host;
    }

    /// <summary>
    /// Holds the worker on a first message (its booking waits for a table lock the test holds) while the
    /// others arrive, one chat each, so the next claim takes them all at once. Returns their replies in order.
    /// </summary>
    /// <param name="chat">When given, every text comes from this one chat (else one chat each).</param>
    private static async Task<List<string>> PostClaimedTogetherAsync(FinanceHost host, string[] texts, long? chat = null)
    {
        var before = host.Telegram.Calls.Count(c => c.Method == "sendMessage");
        await using (var holder = new NpgsqlConnection(host.Database.ConnectionString))
        {
            await holder.OpenAsync();
            await using var hold = await holder.BeginTransactionAsync();
            await new NpgsqlCommand("LOCK TABLE transactions IN EXCLUSIVE MODE", holder, hold).ExecuteNonQueryAsync();
            (await host.PostAsync(FinanceHost.TextUpdate(7000, "coffee 1"))).EnsureSuccessStatusCode();
            Assert.Equal(1L, await host.EventuallyAsync(
                "SELECT count(*) FROM pg_locks WHERE relation = 'transactions'::regclass AND NOT granted", 1L));
            for (var i = 0; i < texts.Length; i++)
                (await host.PostAsync(FinanceHost.TextUpdate(chat ?? 7001 + i, texts[i]))).EnsureSuccessStatusCode();
        }
        await host.Telegram.WaitForAsync("sendMessage", before + texts.Length + 1);
        return chat is { } one ? host.RepliesTo(one).TakeLast(texts.Length).ToList()
            : Enumerable.Range(0, texts.Length).Select(i => host.RepliesTo(7001 + i).Single()).ToList();
    }
}
