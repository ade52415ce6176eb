using System.Net;

namespace Finance.Host.Tests.Pipeline;

public sealed class TelegramWebhookToReplyTests(FinanceHost host) : IClassFixture<FinanceHost>
{
    [Fact]
    public async Task A_text_update_is_booked_and_the_reply_confirms_amount_category_merchant_date_and_context()
    {
        var reply = await host.SayAsync(1001, "coffee 4.50 at starbucks");

        Assert.Contains("$4.50", reply);
        Assert.Contains("dining", reply);
        Assert.Contains("Starbucks", reply);
        Assert.Contains("today", reply);
        Assert.Contains("Personal", reply);
        Assert.Equal(4.50m, await host.ScalarAsync<decimal>(
            "SELECT amount FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '1001'"));
    }

    [Fact]
    public async Task A_portuguese_speaker_is_answered_in_portuguese_in_reais()
    {
        var reply = await host.SayAsync(1002, "mercado 230,50 ontem", "pt-br");

        Assert.Contains("R$ 230,50", reply);
        Assert.Contains("mercado", reply);
        Assert.Contains("ontem", reply);
    }

    [Fact]
    public async Task The_same_update_posted_twice_is_booked_once_and_answered_once()
    {
        var update = FinanceHost.TextUpdate(1003, "lunch 18");

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(update)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(update)).StatusCode);
        await host.Telegram.WaitForAsync(_ => host.RepliesTo(1003).Count >= 1, TimeSpan.FromSeconds(15));
        await Task.Delay(500); // a second reply would have been sent by now

        Assert.Single(host.RepliesTo(1003));
        Assert.Equal(1L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '1003'"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("forged")]
    public async Task A_missing_or_forged_secret_is_refused_and_nothing_is_stored(string? secret)
    {
        var update = FinanceHost.TextUpdate(1004, "coffee 3");

        var response = await host.PostAsync(update, secret);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0L, await host.ScalarAsync<long>(
            $"SELECT count(*) FROM inbox WHERE external_id = '{update["update_id"]}'"));
    }

    [Fact]
    public async Task Undo_removes_the_last_booking_and_says_which()
    {
        await host.SayAsync(1005, "taxi 30");
        await host.SayAsync(1005, "coffee 5 and lunch 18");

        var reply = await host.SayAsync(1005, "/undo");

        Assert.Contains("$5.00", reply);
        Assert.Contains("$18.00", reply);
        Assert.DoesNotContain("$30.00", reply);
        Assert.Equal(30m, await host.ScalarAsync<decimal>("""
            SELECT sum(amount) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.external_user_id = '1005' AND deleted_at IS NULL
            """));
    }

    [Fact]
    public async Task Summary_gives_this_weeks_total_and_per_category_totals()
    {
        await host.SayAsync(1006, "groceries 80 at walmart");
        await host.SayAsync(1006, "coffee 4.50");
        await host.SayAsync(1006, "coffee 3.50");

        var reply = await host.SayAsync(1006, "/summary");

        Assert.Contains("Spent: $88.00", reply);
        Assert.Contains("groceries: $80.00 (1)", reply);
        Assert.Contains("dining: $8.00 (2)", reply);
    }

    [Fact]
    public async Task A_message_with_no_amount_gets_a_friendly_answer_and_books_nothing()
    {
        var reply = await host.SayAsync(1007, "hello there");

        Assert.Contains("nothing was booked", reply);
        Assert.Equal(0L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '1007'"));
    }

    [Fact]
    public async Task The_default_currency_set_by_the_language_code_can_be_changed_later()
    {
        Assert.Contains("$3.00", await host.SayAsync(1008, "coffee 3"));

        Assert.Contains("EUR", await host.SayAsync(1008, "/settings currency EUR"));

        Assert.Contains("€3.00", await host.SayAsync(1008, "coffee 3"));
        Assert.Equal(["USD", "EUR"], (await host.ScalarAsync<string>("""
            SELECT string_agg(currency, ',' ORDER BY t.id) FROM transactions t
            JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '1008'
            """)).Split(','));
    }

    [Fact]
    public async Task A_category_correction_wins_for_that_merchant_in_that_context_from_then_on()
    {
        Assert.Contains("dining", await host.SayAsync(1009, "starbucks 12"));

        Assert.Contains("groceries", await host.SayAsync(1009, "/category groceries"));

        Assert.Contains("groceries", await host.SayAsync(1009, "starbucks 7.80"));
        Assert.Contains("dining", await host.SayAsync(1010, "starbucks 5")); // another context is unaffected
    }

    [Fact]
    public async Task Questions_about_spending_are_answered_from_the_ledger_in_the_users_language()
    {
        await host.SayAsync(1011, "lunch 18 at joes");
        await host.SayAsync(1011, "dinner 22 at joes");
        await host.SayAsync(1011, "uber 12");

        Assert.Contains("$40.00", await host.SayAsync(1011, "how much did I spend on dining this month?"));
        var top = await host.SayAsync(1011, "top merchants this month");
        Assert.Matches(@"1\. Joes — \$40\.00 \(2\)", top);

        await host.SayAsync(1012, "mercado 100", "pt-br");
        await host.SayAsync(1012, "farmácia 23,50", "pt-br");
        Assert.Contains("R$ 123,50", await host.SayAsync(1012, "quanto gastei essa semana?", "pt-br"));
    }

    [Fact]
    public async Task A_text_with_a_NUL_character_is_booked_without_it()
    {
        // PostgreSQL's text and jsonb cannot hold U+0000: kept, the delivery could never be stored and would be lost.
        var reply = await host.SayAsync(1013, "coffee\u0000 4.50 at starbucks");

        Assert.Contains("$4.50", reply);
        Assert.Equal("coffee 4.50 at starbucks", await host.ScalarAsync<string>(
            "SELECT message->>'text' FROM inbox WHERE chat_id = '1013'"));
    }

    [Fact]
    public async Task Health_answers_when_the_host_is_ready()
    {
        var response = await host.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
    }
}
