using Finance.Testing;
using Telegram.Bot;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace Finance.Channels.Tests.Telegram;

/// <summary>The stand-in answers sendMessage from a byte template when nobody records its calls (bench pipeline): what
/// the real Telegram.Bot client reads from that answer must be what it reads from the recorded path's.</summary>
public sealed class LoopbackTelegramApiTests
{
    [Theory]
    [InlineData(42)]
    [InlineData(-100500)]
    public async Task Lean_sendMessage_answer_reads_as_the_recorded_one(long chat)
    {
        const string text = "✅ Booked $1,234.00 · coffee \"<dining>\" & more\nOlá";
        var keyboard = new InlineKeyboardMarkup([
            [InlineKeyboardButton.WithCallbackData("Undo", "undo:tx-1"), InlineKeyboardButton.WithCallbackData("Olá ✓", "cat:tx-1")],
        ]);

        var recorded = await SendRecordedAsync(chat, text, keyboard);
        var (lean, sent) = await SendLeanAsync(chat, text, keyboard);

        Assert.Equal((chat, text), sent);
        Assert.True(lean.Id > 0);
        Assert.Equal(recorded.Text, lean.Text);
        Assert.Equal(text, lean.Text);
        Assert.Equal((recorded.Chat.Id, recorded.Chat.Type), (lean.Chat.Id, lean.Chat.Type));
        Assert.Equal((recorded.From!.Id, recorded.From.IsBot, recorded.From.Username), (lean.From!.Id, lean.From.IsBot, lean.From.Username));
        Assert.Equal(recorded.Date, lean.Date, TimeSpan.FromMinutes(1));
        Assert.Equal(
            recorded.ReplyMarkup!.InlineKeyboard.SelectMany(row => row).Select(b => (b.Text, b.CallbackData)),
            lean.ReplyMarkup!.InlineKeyboard.SelectMany(row => row).Select(b => (b.Text, b.CallbackData)));
    }

    [Fact]
    public async Task Lean_sendMessage_without_a_keyboard_has_none()
    {
        var (lean, _) = await SendLeanAsync(42, "Booked", keyboard: null);

        Assert.Equal("Booked", lean.Text);
        Assert.Null(lean.ReplyMarkup);
    }

    [Fact]
    public async Task Lean_sendMessage_with_empty_text_is_refused_as_telegram_refuses_it()
    {
        await using var api = await LoopbackTelegramApi.StartAsync();
        api.RecordCalls = false;
        using var http = new HttpClient();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(api.Token, api.BaseUrl), http);

        var error = await Assert.ThrowsAsync<global::Telegram.Bot.Exceptions.ApiRequestException>(() => bot.SendMessage(42, ""));

        Assert.Equal(400, error.ErrorCode);
        Assert.Contains("message text is empty", error.Message);
    }

    private static async Task<Message> SendRecordedAsync(long chat, string text, InlineKeyboardMarkup? keyboard)
    {
        await using var api = await LoopbackTelegramApi.StartAsync();
        using var http = new HttpClient();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(api.Token, api.BaseUrl), http);
        return await bot.SendMessage(chat, text, replyParameters: 77, replyMarkup: keyboard);
    }

    private static async Task<(Message Answer, (long Chat, string Text) Sent)> SendLeanAsync(long chat, string text, InlineKeyboardMarkup? keyboard)
    {
        await using var api = await LoopbackTelegramApi.StartAsync();
        api.RecordCalls = false;
        (long, string) sent = default; // raised only on the lean path
        api.TextSent += (c, t) => sent = (c, t);
        using var http = new HttpClient();
        var bot = new TelegramBotClient(new TelegramBotClientOptions(api.Token, api.BaseUrl), http);
        var answer = await bot.SendMessage(chat, text, replyParameters: 77, replyMarkup: keyboard);
        return (answer, sent);
    }
}
