using Finance.Testing;
using System.Net;
using System.Text.Json.Nodes;
using Finance.Ledger;
using static Finance.Host.Tests.Media.MediaUpdates;

namespace Finance.Host.Tests.Media;

/// <summary>Voice notes and receipt photos through the real host: webhook → inbox → download through the
/// Bot API stand-in → ffmpeg + pocketsphinx or Tesseract → ledger → reply.</summary>
public sealed class VoiceAndReceiptTests(FinanceHost host, MediaFiles files) : IClassFixture<FinanceHost>, IClassFixture<MediaFiles>
{
    [Fact]
    public async Task An_english_voice_note_is_booked_and_the_reply_shows_what_was_heard()
    {
        var voice = host.Telegram.AddFile(await files.VoiceNoteAsync("coffee at starbucks three dollars seventy five"), "voice/file_1.oga");

        var replies = await host.SendAndWaitAsync(4001, Voice(4001, voice, seconds: 3));

        Assert.Equal("🎧 Listening…", replies[0]);
        Assert.StartsWith("🎙️ \"", replies[^1]);
        Assert.Contains("3.75", replies[^1].Split('\n')[0]);
        Assert.Contains("✅ Booked $3.75", replies[^1]);
        Assert.Equal(3.75m, await host.ScalarAsync<decimal>(BookedBy(4001, "amount")));
    }

    [Fact]
    public async Task A_portuguese_voice_note_without_a_whisper_endpoint_gets_a_plain_answer_and_books_nothing()
    {
        var voice = host.Telegram.AddFile(await files.VoiceNoteAsync("coffee four dollars"), "voice/file_2.oga");

        var replies = await host.SendAndWaitAsync(4002, Voice(4002, voice, seconds: 2, languageCode: "pt-br"));

        Assert.Equal(["Desculpe, por enquanto só entendo mensagens de voz em inglês, então nada foi anotado. Escreva, por exemplo: café 4,50"], replies);
        Assert.Equal(0L, await host.ScalarAsync<long>(BookedBy(4002, "count(*)")));
        Assert.DoesNotContain(host.Telegram.CallsTo("getFile"), c => c.Field("file_id") == voice);
    }

    /// <summary>A till receipt whose total ($19.21), tax, shop and date the photo tests read.</summary>
    private static readonly string[] TraderJoes =
    [
        "TRADER JOE'S", "2001 Point West Way", "Sacramento, CA 95815", "",
        "BANANAS              $1.29", "ORGANIC MILK         $4.49", "SOURDOUGH BREAD      $3.99", "COFFEE BEANS         $8.99", "",
        "SUBTOTAL            $18.76", "TAX                  $0.45", "TOTAL               $19.21", "CASH                $20.00",
        "CHANGE               $0.79", "", "02/14/2025  14:22", "THANK YOU FOR SHOPPING",
    ];

    [Fact]
    public async Task A_receipt_photo_is_booked_with_its_total_merchant_and_date_and_kept_with_its_ocr_text()
    {
        var image = await files.ReceiptAsync(TraderJoes);
        var photo = host.Telegram.AddFile(image, "photos/file_3.jpg");

        var replies = await host.SendAndWaitAsync(4003, Photo(4003, photo, 700, 900));

        Assert.Equal("🧾 Reading your receipt…", replies[0]);
        Assert.Contains("🧾 I read: Trader Joe's · total $19.21 · tax $0.45 · Feb 14, 2025", replies[^1]);
        Assert.Contains("✅ Booked $19.21", replies[^1]);
        Assert.Contains("Wrong total?", replies[^1]);
        Assert.Contains(host.LastButtons(4003), b => b.Text == "↩️ Undo");
        Assert.Contains(host.LastButtons(4003), b => b.Text == "🏷️ Category");
        Assert.Equal("19.2100|USD|trader joe's|2025-02-14|receipt", await host.ScalarAsync<string>(
            BookedBy(4003, "amount || '|' || currency || '|' || merchant || '|' || local_date || '|' || description")));
        Assert.Equal(image.Length, await host.ScalarAsync<int>(
            "SELECT length(a.content) FROM attachments a JOIN transactions t ON t.id = a.transaction_id"
            + " JOIN channel_identities i ON i.user_id = t.created_by WHERE i.external_user_id = '4003'"));
        Assert.Contains("TOTAL", await host.ScalarAsync<string>(
            "SELECT a.text FROM attachments a JOIN channel_identities i ON i.user_id = a.created_by WHERE i.external_user_id = '4003'"));
        Assert.Equal((1L, 0L), (await AttachmentsSeenFrom(await host.ScalarAsync<Guid>(
            "SELECT a.context_id FROM attachments a JOIN channel_identities i ON i.user_id = a.created_by WHERE i.external_user_id = '4003'")),
            await AttachmentsSeenFrom(Guid.NewGuid())));
    }

    [Fact]
    public async Task A_receipt_photo_damaged_near_the_bottom_is_read_from_what_decodes_and_the_reply_says_it_was_damaged()
    {
        var image = await files.ReceiptJpegAsync(TraderJoes);
        // A flipped byte near the end of the data: libjpeg warns and decodes the rows after it grey.
        var photo = host.Telegram.AddFile(DamagedJpeg.StrayRestartMarker(image, at: 0.97), "photos/damaged.jpg");

        var reply = (await host.SendAndWaitAsync(4007, Photo(4007, photo, 700, 900)))[^1];

        Assert.StartsWith("⚠️ That photo arrived partly damaged, so I could read only the part of it that opened.\n🧾 I read: Trader Joe's · total $19.21", reply);
        Assert.Contains("✅ Booked $19.21", reply);
        Assert.Equal("19.2100|trader joe's", await host.ScalarAsync<string>(BookedBy(4007, "amount || '|' || merchant")));
    }

    [Fact]
    public async Task A_damaged_photo_of_a_receipt_booked_already_says_the_damage_before_asking_whether_to_book_it_again()
    {
        var image = await files.ReceiptJpegAsync(TraderJoes);
        var intact = host.Telegram.AddFile(image, "photos/intact.jpg");
        var damaged = host.Telegram.AddFile(DamagedJpeg.StrayRestartMarker(image, at: 0.97), "photos/damaged-again.jpg");
        Assert.Contains("✅ Booked $19.21", (await host.SendAndWaitAsync(4009, Photo(4009, intact, 700, 900)))[^1]);

        var reply = (await host.SendAndWaitAsync(4009, Photo(4009, damaged, 700, 900)))[^1];

        Assert.StartsWith("⚠️ That photo arrived partly damaged, so I could read only the part of it that opened.\nLooks like the one you booked at ", reply);
        Assert.Equal(1L, await host.ScalarAsync<long>(BookedBy(4009, "count(*)")));
    }

    [Fact]
    public async Task A_receipt_photo_none_of_whose_rows_arrived_gets_the_damaged_image_answer_and_nothing_is_kept()
    {
        var image = await files.ReceiptJpegAsync("CORNER MARKET", "12 Elm Street", "", "MILK        3.49", "TOTAL       3.49");
        // The header arrived, the compressed rows did not: libjpeg decodes a grey page, on which nothing is read.
        var photo = host.Telegram.AddFile(DamagedJpeg.CutInData(image, at: 0), "photos/no-rows.jpg");

        var update = Photo(4008, photo, 600, 300);
        var replies = await host.SendAndWaitAsync(4008, update);

        Assert.Equal("I couldn't open that image — it seems damaged — so nothing was booked. Send the photo again, or type it.", replies[^1]);
        Assert.Equal("receipt_unreadable", await host.ScalarAsync<string>($"SELECT outcome FROM inbox WHERE external_id = '{update["update_id"]}'"));
        Assert.Equal(0L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM attachments a JOIN channel_identities i ON i.user_id = a.created_by WHERE i.external_user_id = '4008'"));
    }

    /// <summary>What the app role sees of the attachments table from inside a context (row-level security).</summary>
    private async Task<long> AttachmentsSeenFrom(Guid contextId)
    {
        await using var session = await LedgerSession.BeginAsync(host.Database.DataSource, CancellationToken.None, contextId);
        return await session.QuerySingleAsync<long>("SELECT count(*) FROM attachments");
    }

    [Fact]
    public async Task A_receipt_total_answered_in_full_width_digits_is_booked_at_the_amount_they_write()
    {
        var image = await files.ReceiptAsync("CORNER MARKET", "12 Elm Street", "", "MILK        3.49", "BREAD       2.99", "", "THANK YOU");
        var photo = host.Telegram.AddFile(image, "photos/full-width.jpg");
        Assert.Contains("What's the total?", (await host.SendAndWaitAsync(4010, Photo(4010, photo, 600, 500)))[^1]);

        // A phone keyboard set to Japanese or Chinese types full-width digits.
        var answer = await host.SayAsync(4010, "６．４８");

        Assert.Contains("✅ Booked $6.48", answer);
        Assert.Equal(6.48m, await host.ScalarAsync<decimal>(BookedBy(4010, "amount")));
    }

    [Fact]
    public async Task A_receipt_with_an_unclear_total_is_not_booked_until_the_user_answers_with_the_amount()
    {
        var image = await files.ReceiptAsync("CORNER MARKET", "12 Elm Street", "", "MILK        3.49", "BREAD       2.99", "EGGS        4.25", "", "THANK YOU");
        var photo = host.Telegram.AddFile(image, "photos/file_4.jpg");

        var question = (await host.SendAndWaitAsync(4004, Photo(4004, photo, 600, 500)))[^1];

        Assert.Contains("What's the total?", question);
        Assert.Contains("Corner Market", question);
        Assert.Equal(0L, await host.ScalarAsync<long>(BookedBy(4004, "count(*)")));

        var answer = await host.SayAsync(4004, "10.73");

        Assert.Contains("✅ Booked $10.73", answer);
        Assert.Equal("10.7300|corner market", await host.ScalarAsync<string>(BookedBy(4004, "amount || '|' || merchant")));
        Assert.Equal(1L, await host.ScalarAsync<long>(
            "SELECT count(*) FROM attachments a JOIN transactions t ON t.id = a.transaction_id WHERE t.amount = 10.73"));
        // Answered once: the next bare amount is an ordinary message again, asked what it was for.
        Assert.Contains("What was $2.00 for?", await host.SayAsync(4004, "2"));
        Assert.Equal(1L, await host.ScalarAsync<long>(BookedBy(4004, "count(*)")));
    }

    [Fact]
    public async Task A_receipt_whose_totals_disagree_offers_them_as_buttons_and_one_tap_books_it()
    {
        // Two total lines and no cash − change to settle them: the reader is not sure, so it asks.
        var image = await files.ReceiptAsync("CORNER MARKET", "12 Elm Street", "", "MILK        3.49", "BREAD       2.99", "",
            "TOTAL       6.48", "TOTAL      16.48", "", "THANK YOU");
        var photo = host.Telegram.AddFile(image, "photos/file_5.jpg");

        var question = (await host.SendAndWaitAsync(4005, Photo(4005, photo, 600, 500)))[^1];

        Assert.Contains("What's the total?", question);
        Assert.Equal(0L, await host.ScalarAsync<long>(BookedBy(4005, "count(*)")));
        var buttons = host.LastButtons(4005);
        Assert.Equal(["$16.48", "$6.48"], buttons.Select(b => b.Text).ToArray());

        Assert.Contains("✅ Booked $6.48", await host.SendAsync(4005, FinanceHost.ButtonPress(4005, buttons[1].Data)));
        Assert.Equal("6.4800|corner market", await host.ScalarAsync<string>(BookedBy(4005, "amount || '|' || merchant")));
    }

    [Fact]
    public async Task A_booked_receipt_offers_the_other_totals_it_read_and_one_tap_fixes_the_amount()
    {
        var image = await files.ReceiptAsync(
            "TRADER JOE'S", "2001 Point West Way", "", "BANANAS              $1.29", "ORGANIC MILK         $4.49",
            "SOURDOUGH BREAD      $3.99", "COFFEE BEANS         $8.99", "", "SUBTOTAL            $18.76", "TAX                  $0.45",
            "TOTAL               $19.21", "CASH                $20.00", "CHANGE               $0.79", "", "02/14/2025  14:22");
        var photo = host.Telegram.AddFile(image, "photos/file_6.jpg");

        var reply = (await host.SendAndWaitAsync(4006, Photo(4006, photo, 700, 900)))[^1];

        Assert.Contains("✅ Booked $19.21", reply);
        Assert.Contains("Wrong total? Tap the right one", reply);
        var buttons = host.LastButtons(4006);
        Assert.Equal(["Total was $18.76", "↩️ Undo"], buttons.Take(2).Select(b => b.Text).ToArray());

        await host.SendAsync(4006, FinanceHost.ButtonPress(4006, buttons[0].Data));

        Assert.Equal("18.7600|trader joe's", await host.ScalarAsync<string>(BookedBy(4006, "amount || '|' || merchant")));
        Assert.Equal(1L, await host.ScalarAsync<long>(BookedBy(4006, "count(*)")));
    }

    public static TheoryData<string, string> BrokenFiles => new()
    {
        { "corrupt-ogg", "I couldn't play that audio" },
        { "zero-bytes", "That file was empty" },
        { "png-bomb", "That image is too large to read (the limit is 40 megapixels)" },
        { "pdf-as-photo", "That isn't a photo I can read" },
        { "pdf-as-document", "That isn't a photo I can read" },
    };

    [Theory]
    [MemberData(nameof(BrokenFiles))]
    public async Task A_broken_or_hostile_file_gets_a_clear_reply_and_the_host_carries_on(string kind, string expected)
    {
        var chat = 4100 + Array.IndexOf(["corrupt-ogg", "zero-bytes", "png-bomb", "pdf-as-photo", "pdf-as-document"], kind);
        var update = kind switch
        {
            "corrupt-ogg" => Voice(chat, host.Telegram.AddFile(MediaFiles.CorruptOgg(), "voice/corrupt.oga"), seconds: 4),
            // Telegram may leave file_size out; only the download shows the file is empty.
            "zero-bytes" => Voice(chat, host.Telegram.AddFile([], "voice/empty.oga", reportSize: false), seconds: 1, reportSize: false),
            // Sent as a file, so no dimensions come with the update: only the PNG header tells.
            "png-bomb" => Document(chat, host.Telegram.AddFile(TestFiles.BombPng(30_000, 30_000), "documents/bomb.png"), "image/png", "receipt.png"),
            "pdf-as-photo" => Photo(chat, host.Telegram.AddFile(TestFiles.Pdf, "photos/statement.jpg"), 800, 600),
            _ => Document(chat, host.Telegram.AddFile(TestFiles.Pdf, "documents/statement.pdf"), "application/pdf", "statement.pdf"),
        };

        var replies = await host.SendAndWaitAsync(chat, update);

        Assert.Contains(expected, replies[^1]);
        Assert.Equal("media_rejected", await host.ScalarAsync<string>($"SELECT outcome FROM inbox WHERE external_id = '{update["update_id"]}'"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
        Assert.Contains("✅ Booked $2.50", await host.SayAsync(chat, "coffee 2.50"));
    }

    [Fact]
    public async Task A_voice_note_over_three_minutes_is_refused_before_it_is_downloaded()
    {
        var voice = host.Telegram.AddFile(await files.VoiceNoteAsync("coffee four dollars"), "voice/long.oga");

        var replies = await host.SendAndWaitAsync(4005, Voice(4005, voice, seconds: 200));

        Assert.Equal(["That voice note is longer than 3 minutes, so I didn't listen to it. Keep it short, like \"coffee 4.50 at Starbucks\"."], replies);
        Assert.DoesNotContain(host.Telegram.CallsTo("getFile"), c => c.Field("file_id") == voice);
    }
}
