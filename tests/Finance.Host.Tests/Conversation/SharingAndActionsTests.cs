using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Finance.Host.Tests.Conversation;

public sealed partial class SharingAndActionsTests(FinanceHost host) : IClassFixture<FinanceHost>
{
    [Fact]
    public async Task Two_users_in_one_context_see_each_others_bookings_and_a_third_does_not()
    {
        await host.SayAsync(4001, "/context new Family USD");
        var invite = await host.SayAsync(4001, "/invite");
        var code = InviteCode().Match(invite).Groups[1].Value;

        Assert.Contains("Family", await host.SayAsync(4002, "/join " + code));
        await host.SayAsync(4001, "groceries 50");
        await host.SayAsync(4002, "groceries 30");
        await host.SayAsync(4003, "groceries 7");

        var summary = await host.SayAsync(4002, "/summary");
        Assert.Contains("groceries: $80.00 (2)", summary);
        Assert.Contains("groceries: $7.00 (1)", await host.SayAsync(4003, "/summary"));
        Assert.Contains("unknown, used or expired", await host.SayAsync(4003, "/join " + code)); // one-time
    }

    [Fact]
    public async Task A_viewer_cannot_book_and_is_told_politely()
    {
        await host.SayAsync(4011, "/context new Trip EUR");
        var code = InviteCode().Match(await host.SayAsync(4011, "/invite viewer")).Groups[1].Value;
        await host.SayAsync(4012, "/join " + code);

        var reply = await host.SayAsync(4012, "taxi 30");

        Assert.Contains("can view \"Trip\" but not book", reply);
        Assert.Equal(0L, await host.ScalarAsync<long>("""
            SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.external_user_id = '4012'
            """));
    }

    [Fact]
    public async Task A_hashtag_books_one_message_into_the_named_context_only()
    {
        await host.SayAsync(4021, "/context new Trip EUR");
        await host.SayAsync(4021, "/context use Personal");

        Assert.Contains("Trip", await host.SayAsync(4021, "#trip taxi 30"));
        Assert.Contains("Personal", await host.SayAsync(4021, "coffee 3"));
        Assert.Equal("EUR:Trip,USD:Personal", await host.ScalarAsync<string>("""
            SELECT string_agg(t.currency || ':' || c.name, ',' ORDER BY t.id) FROM transactions t
            JOIN contexts c ON c.id = t.context_id JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.external_user_id = '4021'
            """));
    }

    [Fact]
    public async Task The_confirmations_buttons_undo_recategorise_and_move_that_booking()
    {
        await host.SayAsync(4031, "/context new Family USD");
        await host.SayAsync(4031, "/context use Personal");
        await host.SayAsync(4031, "lunch 18");
        var buttons = host.LastButtons(4031);
        Assert.Equal(["↩️ Undo", "🏷️ Category", "📁 Move"], buttons.Select(b => b.Text).ToArray());

        var categories = await host.SendAsync(4031, FinanceHost.ButtonPress(4031, buttons[1].Data));
        Assert.Contains("groceries", categories);
        var groceries = host.LastButtons(4031).Single(b => b.Text == "groceries").Data;
        Assert.Contains("is now groceries", await host.SendAsync(4031, FinanceHost.ButtonPress(4031, groceries)));

        await host.SendAsync(4031, FinanceHost.ButtonPress(4031, buttons[2].Data));
        var family = host.LastButtons(4031).Single(b => b.Text == "Family").Data;
        Assert.Contains("Moved to \"Family\"", await host.SendAsync(4031, FinanceHost.ButtonPress(4031, family)));
        Assert.Equal("Family:groceries", await host.ScalarAsync<string>("""
            SELECT c.name || ':' || t.category FROM transactions t JOIN contexts c ON c.id = t.context_id
            JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.external_user_id = '4031' AND t.deleted_at IS NULL
            """));
        Assert.True(host.Telegram.CallsTo("answerCallbackQuery").Count >= 3);

        await host.SayAsync(4031, "taxi 9");
        Assert.Contains("Removed", await host.SendAsync(4031, FinanceHost.ButtonPress(4031, host.LastButtons(4031)[0].Data)));
    }

    [Fact]
    public async Task Replying_to_a_confirmation_with_an_amount_a_category_or_a_date_edits_that_booking()
    {
        await host.SayAsync(4041, "lunch 18");
        await host.SayAsync(4041, "coffee 4");
        var lunchReply = await host.ScalarAsync<string>("""
            SELECT sent_message_id FROM inbox WHERE chat_id = '4041' AND message->>'text' = 'lunch 18'
            """);

        Assert.Contains("$25.00", await host.SendAsync(4041, ReplyTo(4041, "25", lunchReply)));
        Assert.Contains("groceries", await host.SendAsync(4041, ReplyTo(4041, "groceries", lunchReply)));
        Assert.Contains("yesterday", await host.SendAsync(4041, ReplyTo(4041, "yesterday", lunchReply)));

        // Days before the context's own today: the server's current_date is another day around midnight UTC.
        Assert.Equal("25.0000 groceries 1|4.0000 dining 0", await host.ScalarAsync<string>("""
            SELECT string_agg(t.amount || ' ' || t.category || ' ' || ((now() AT TIME ZONE c.time_zone)::date - t.local_date), '|' ORDER BY t.id)
            FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by JOIN contexts c ON c.id = t.context_id
            WHERE i.external_user_id = '4041'
            """));
    }

    private static JsonObject ReplyTo(long chatId, string text, string repliedMessageId)
    {
        var update = FinanceHost.TextUpdate(chatId, text);
        update["message"]!["reply_to_message"] = new JsonObject
        {
            ["message_id"] = long.Parse(repliedMessageId),
            ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private" },
            ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
            ["text"] = "✅ Booked",
        };
        return update;
    }

    [GeneratedRegex(@": ([A-Z0-9]{8})\n")]
    private static partial Regex InviteCode();
}
