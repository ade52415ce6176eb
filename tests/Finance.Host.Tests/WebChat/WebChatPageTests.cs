using Finance.Testing;
using Finance.Channels.WebChat;
using Finance.Conversation.Replies;
using Finance.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Finance.Host.Tests.WebChat;

/// <summary>A person on the page at / with no token: the same pipeline books, answers and undoes.</summary>
public sealed class WebChatPageTests(WebChatHost host) : IClassFixture<WebChatHost>
{
    private const string BookedForChat = """
        SELECT count(*) FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
        WHERE i.channel = 'web' AND i.external_user_id = @chat AND t.deleted_at IS NULL
        """;

    [Fact]
    public async Task A_typed_expense_is_confirmed_on_the_page_and_undo_removes_it()
    {
        var page = await OpenChatAsync();

        await SendAsync(page, "coffee 4.50");

        var confirmation = page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$4.50" });
        await Expect(confirmation).ToContainTextAsync("dining");
        await Expect(page.Locator(".bubble.me", new() { HasText = "coffee 4.50" })).ToContainTextAsync("✓");
        var chatId = await page.EvaluateAsync<string>("localStorage.getItem('finance.chatId')");
        Assert.Equal(1L, await host.ScalarAsync<long>(BookedForChat, chatId));
        await ScreenshotAsync(page, "booked");

        await SendAsync(page, "/undo");

        await Expect(page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "Removed" })).ToContainTextAsync("$4.50");
        Assert.Equal(0L, await host.ScalarAsync<long>(BookedForChat, chatId));
    }

    [Fact]
    public async Task An_attached_photo_is_shown_sent_and_answered()
    {
        var page = await OpenChatAsync();

        await page.Locator("#photo").SetInputFilesAsync(new FilePayload { Name = "receipt.png", MimeType = "image/png", Buffer = TestFiles.TinyPng() });

        await Expect(page.Locator(".bubble.me img")).ToBeVisibleAsync();
        await Expect(page.Locator(".bubble.me").Last).ToContainTextAsync("✓");
        // "Reading your receipt…" first, then the answer: a photo nothing can be read from goes through every reading the
        // scanner has (PP-OCR's among them), so on a loaded machine the answer may take longer than a typed reply.
        var replies = page.Locator(".bubble.bot[data-reply-id] .text");
        await Expect(replies).ToHaveCountAsync(2, new() { Timeout = 90_000 });
        Assert.Equal(Phrases.English.ReadingReceipt, await replies.First.TextContentAsync());
        Assert.Contains(await replies.Last.TextContentAsync(), (string[])[Phrases.English.ReceiptUnreadable, Phrases.English.ImageUnreadable]);
        var chatId = await page.EvaluateAsync<string>("localStorage.getItem('finance.chatId')");
        Assert.Equal("image/png", await host.ScalarAsync<string>(
            "SELECT message->'media'->>'mimeType' FROM inbox WHERE channel = 'web' AND chat_id = @chat", chatId));
        await ScreenshotAsync(page, "photo");
    }

    [Fact]
    public async Task A_recorded_voice_note_is_uploaded_as_audio_and_answered()
    {
        var page = await OpenChatAsync();
        var record = page.GetByRole(AriaRole.Button, new() { Name = "Record a voice note" });

        await record.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop recording and send" })).ToHaveAttributeAsync("aria-pressed", "true");
        await page.WaitForTimeoutAsync(1200);
        await page.GetByRole(AriaRole.Button, new() { Name = "Stop recording and send" }).ClickAsync();

        await Expect(page.Locator(".bubble.me audio")).ToHaveCountAsync(1);
        await Expect(page.Locator(".bubble.me").Last).ToContainTextAsync("✓");
        // "Listening…" first, then the answer.
        await Expect(page.Locator(".bubble.bot[data-reply-id] .text")).ToHaveCountAsync(2);
        await Expect(page.Locator(".bubble.bot[data-reply-id] .text").First).ToHaveTextAsync(Phrases.English.Listening);
        var chatId = await page.EvaluateAsync<string>("localStorage.getItem('finance.chatId')");
        Assert.StartsWith("audio/", await host.ScalarAsync<string>(
            "SELECT message->'media'->>'mimeType' FROM inbox WHERE channel = 'web' AND chat_id = @chat", chatId));
        Assert.True(await host.ScalarAsync<long>(
            "SELECT (message->'media'->>'sizeBytes')::bigint FROM inbox WHERE channel = 'web' AND chat_id = @chat", chatId) > 1000);
    }

    [Fact]
    public async Task Reply_buttons_and_a_chart_are_shown_and_a_press_reaches_the_inbox()
    {
        var page = await OpenChatAsync();
        var chatId = await page.EvaluateAsync<string>("localStorage.getItem('finance.chatId')");
        var channel = host.Services.GetRequiredService<WebChatChannel>();

        var replyId = await channel.SendAsync(chatId, new OutboundReply(
            "Your week", [[new ReplyButton("Undo", "/undo"), new ReplyButton("Summary", "/summary")]], TestFiles.TinyPng()),
            CancellationToken.None);

        var bubble = page.Locator($".bubble.bot[data-reply-id='{replyId}']");
        await Expect(bubble.Locator("img")).ToBeVisibleAsync();
        await bubble.GetByRole(AriaRole.Button, new() { Name = "Summary" }).ClickAsync();

        await Expect(bubble.GetByRole(AriaRole.Button, new() { Name = "Undo" })).ToBeDisabledAsync();
        await Expect(page.Locator(".bubble.me", new() { HasText = "Summary" })).ToContainTextAsync("✓");
        Assert.Equal("/summary", await host.ScalarAsync<string>(
            "SELECT message->>'callbackData' FROM inbox WHERE channel = 'web' AND chat_id = @chat", chatId));
        Assert.Equal(replyId, await host.ScalarAsync<string>(
            "SELECT message->>'replyToMessageId' FROM inbox WHERE channel = 'web' AND chat_id = @chat", chatId));
        await Expect(page.Locator(".bubble.bot[data-reply-id]")).ToHaveCountAsync(2); // the pipeline answered the press
        await ScreenshotAsync(page, "buttons");
    }

    [Fact]
    public async Task The_conversation_survives_a_reload_without_repeating_replies()
    {
        var page = await OpenChatAsync();
        await SendAsync(page, "lunch 12");
        await Expect(page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$12.00" })).ToHaveCountAsync(1);

        await page.ReloadAsync();
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connection", "open");

        // The restored bubbles keep their reply ids (they can be replied to); the stream must not deliver the old reply again.
        await Expect(page.Locator(".bubble.bot", new() { HasText = "$12.00" })).ToHaveCountAsync(1);
        await SendAsync(page, "taxi 8");
        await Expect(page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$8.00" })).ToHaveCountAsync(1);
        await Expect(page.Locator(".bubble.bot", new() { HasText = "$12.00" })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Tapping_or_swiping_an_answer_replies_to_it_and_the_correction_changes_that_booking()
    {
        var page = await OpenChatAsync();
        await SendAsync(page, "lunch 18");
        var lunch = page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$18.00" });
        await Expect(lunch).ToHaveCountAsync(1);
        await SendAsync(page, "coffee 4");
        var coffee = page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$4.00" });
        await Expect(coffee).ToHaveCountAsync(1);

        // A tap on the older answer: the next message replies to it, not to the latest booking.
        await lunch.Locator(".text").ClickAsync();
        await Expect(page.Locator("#replying")).ToBeVisibleAsync();
        await Expect(page.Locator("#replying-quote")).ToContainTextAsync("$18.00");
        await SendAsync(page, "actually 25");

        await Expect(page.Locator(".bubble.me", new() { HasText = "actually 25" }).Locator(".quote")).ToContainTextAsync("$18.00");
        await Expect(page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$18.00 → $25.00" })).ToHaveCountAsync(1);
        await Expect(page.Locator("#replying")).ToBeHiddenAsync();
        await ScreenshotAsync(page, "reply");

        // A swipe to the left, as on a phone, on the coffee's answer.
        await coffee.EvaluateAsync("""
            b => {
              const r = b.getBoundingClientRect(), y = r.top + r.height / 2, x = r.left + r.width / 2;
              const at = (type, dx) => b.dispatchEvent(new PointerEvent(type, { bubbles: true, pointerType: "touch", clientX: x + dx, clientY: y }));
              at("pointerdown", 0); at("pointermove", -30); at("pointermove", -70); at("pointerup", -70);
            }
            """);
        await Expect(page.Locator("#replying-quote")).ToContainTextAsync("$4.00");
        await SendAsync(page, "that was groceries");
        await Expect(page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "→ groceries" })).ToHaveCountAsync(1);

        var chatId = await page.EvaluateAsync<string>("localStorage.getItem('finance.chatId')");
        Assert.Equal("25.00 dining; 4.00 groceries", await host.ScalarAsync<string>("""
            SELECT string_agg(to_char(t.amount, 'FM990.00') || ' ' || t.category, '; ' ORDER BY t.id)
            FROM transactions t JOIN channel_identities i ON i.user_id = t.created_by
            WHERE i.channel = 'web' AND i.external_user_id = @chat AND t.deleted_at IS NULL
            """, chatId));
    }

    [Fact]
    public async Task A_new_web_user_books_in_the_time_zone_of_their_browser()
    {
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", TimezoneId = "Asia/Tokyo" });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.Address);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connection", "open");

        await SendAsync(page, "coffee 3");
        await Expect(page.Locator(".bubble.bot[data-reply-id]", new() { HasText = "$3.00" })).ToHaveCountAsync(1);

        var chatId = await page.EvaluateAsync<string>("localStorage.getItem('finance.chatId')");
        Assert.Equal("Asia/Tokyo", await host.ScalarAsync<string>("""
            SELECT c.time_zone FROM contexts c JOIN users u ON u.active_context_id = c.id
            JOIN channel_identities i ON i.user_id = u.id WHERE i.channel = 'web' AND i.external_user_id = @chat
            """, chatId));
        await context.CloseAsync();
    }

    [Theory]
    [InlineData(390, 844, "pt-BR", "café 4,50", "Mover")]
    [InlineData(1280, 800, "en-US", "coffee 4.50", "Move")]
    public async Task A_bookings_buttons_stay_inside_their_bubble_on_a_phone_and_a_desktop(int width, int height, string locale, string typed, string move)
    {
        var context = await host.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale, TimezoneId = "America/Sao_Paulo", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync(host.Address);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connection", "open");

        await page.Locator("#text").FillAsync(typed);
        await page.Locator("#send").ClickAsync();

        var bubble = page.Locator(".bubble.bot[data-reply-id]", new() { Has = page.Locator(".choices") }).Last;
        await Expect(bubble.Locator(".choices button", new() { HasText = move })).ToBeVisibleAsync();
        var box = (await bubble.BoundingBoxAsync())!;
        foreach (var button in await bubble.Locator(".choices button").AllAsync())
        {
            var b = (await button.BoundingBoxAsync())!;
            Assert.True(b.X >= box.X - 0.5 && b.X + b.Width <= box.X + box.Width + 0.5, $"a button runs out of its bubble at {width} px");
            // Nothing cut off inside the button either ("Mover" whole).
            Assert.True(await button.EvaluateAsync<bool>("b => b.scrollWidth <= b.clientWidth"), $"a button's label is cut at {width} px");
        }
        Assert.Contains("audio/*", await page.Locator("#photo").GetAttributeAsync("accept") ?? "");
        Assert.Equal(locale.StartsWith("pt") ? "café 4,50 na padaria" : "coffee 4.50 at Starbucks", await page.Locator("#text").GetAttributeAsync("placeholder"));
        Assert.Equal(200, (await page.APIRequest.GetAsync(host.Address + "/favicon.svg")).Status);
        await ScreenshotAsync(page, $"buttons-{width}x{height}");
        await context.CloseAsync();
    }

    private async Task<IPage> OpenChatAsync()
    {
        var page = await host.NewPageAsync();
        await page.GotoAsync(host.Address);
        await Expect(page).ToHaveTitleAsync("Finance");
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-connection", "open");
        return page;
    }

    private static async Task SendAsync(IPage page, string text)
    {
        await page.GetByLabel("Message").FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
    }

    /// <summary>Set FINANCE_SCREENSHOTS to a folder to keep what the page looked like.</summary>
    private static async Task ScreenshotAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("FINANCE_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"webchat-{name}.png") });
    }
}
