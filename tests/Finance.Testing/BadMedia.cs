using System.Text.Json.Nodes;

namespace Finance.Testing;

/// <summary>
/// Every kind of bad voice note and image a user can send, as Telegram delivers them: empty, truncated, random
/// bytes, mislabelled (an image as a voice note, a voice note as a photo), 30 MB with and without a declared size,
/// three hours of silence in 40 KB, and a 60,000 × 60,000 PNG with and without declared dimensions. Each case
/// carries the start of the answer the user must get, in English and in Portuguese. Shared by the host test and
/// the memory sweep (bench media-sweep).
/// </summary>
public sealed record BadMedia(string Name, string Field, byte[] Content, bool ReportSize, int? Seconds, (int Width, int Height)? Dimensions,
    string English, string Portuguese)
{
    public const int ThirtyMegabytes = 30 * 1024 * 1024;

    /// <summary>A voice note with no limit broken before decoding meets the offline engine, which is English only.</summary>
    private const string OnlyEnglish = "Desculpe, por enquanto só entendo mensagens de voz em inglês";

    public string Expected(string language) => language.StartsWith("pt", StringComparison.Ordinal) ? Portuguese : English;

    public static async Task<IReadOnlyList<BadMedia>> CreateAsync(string directory)
    {
        var voiceWav = Path.Combine(directory, "note.wav");
        await Tool.RunAsync("flite", "-voice", "slt", "-t", "coffee four dollars", "-o", voiceWav);
        await Tool.RunAsync("ffmpeg", "-nostdin", "-loglevel", "error", "-y", "-i", voiceWav, "-c:a", "libopus", "-b:a", "24k", voiceWav + ".ogg");
        var voiceNote = await File.ReadAllBytesAsync(voiceWav + ".ogg");
        var receipt = Path.Combine(directory, "receipt.png");
        await Tool.RunAsync("/usr/bin/convert", "-background", "white", "-fill", "black", "-font", "DejaVu-Sans-Mono", "-pointsize", "26",
            "label:CORNER MARKET\\nMILK   3.49\\nTOTAL  3.49", "-border", "40", receipt);
        var image = await File.ReadAllBytesAsync(receipt);
        await Tool.RunAsync("/usr/bin/convert", receipt, receipt + ".jpg");
        var jpeg = await File.ReadAllBytesAsync(receipt + ".jpg");
        var big = TestFiles.RandomBytes(ThirtyMegabytes, seed: 30);
        var bomb = TestFiles.BombPng(60_000, 60_000);

        const string Empty = "That file was empty", EmptyPt = "Esse arquivo estava vazio";
        const string CannotPlay = "I couldn't play that audio";
        const string CannotOpen = "I couldn't open that image", CannotOpenPt = "Não consegui abrir essa imagem";
        const string NotPhoto = "That isn't a photo I can read", NotPhotoPt = "Isso não é uma foto que eu consiga ler";
        const string Pixels = "That image is too large to read (the limit is 40 megapixels)", PixelsPt = "Essa imagem é grande demais para ler (o limite é 40 megapixels)";
        return
        [
            new("voice-empty", "voice", [], ReportSize: false, Seconds: 1, null, Empty, OnlyEnglish),
            new("voice-truncated", "voice", voiceNote[..200], true, Seconds: 2, null, CannotPlay, OnlyEnglish),
            new("voice-random-bytes", "voice", TestFiles.RandomBytes(8192), true, Seconds: 3, null, CannotPlay, OnlyEnglish),
            new("voice-is-an-image", "voice", image, true, Seconds: 3, null, CannotPlay, OnlyEnglish),
            new("voice-30mb", "voice", big, true, Seconds: 20, null,
                "That file is too big for me (the limit is 10 MB)", "Esse arquivo é grande demais para mim (o limite é 10 MB)"),
            // Only the download can find this one too big, and a Portuguese note is answered before any download.
            new("voice-30mb-size-not-declared", "voice", big, false, Seconds: 20, null, "That file is too big for me (the limit is 10 MB)", OnlyEnglish),
            // The client says 5 seconds; only decoding finds the three hours, and it stops a second past the limit.
            new("voice-hours-of-silence", "voice", await TestFiles.HoursOfSilenceAsync(directory), true, Seconds: 5, null,
                "That voice note is longer than 3 minutes", OnlyEnglish),
            new("photo-empty", "photo", [], false, null, (800, 600), Empty, EmptyPt),
            new("photo-truncated", "photo", image[..(image.Length / 2)], true, null, (600, 300), CannotOpen, CannotOpenPt),
            // A JPEG whose header is whole but whose data libjpeg gives up on (a table marker in its middle): nothing decodes.
            new("photo-jpeg-nothing-decodes", "photo", DamagedJpeg.StrayTableMarker(jpeg, at: 0.5), true, null, (600, 300), CannotOpen, CannotOpenPt),
            new("photo-random-bytes", "photo", TestFiles.RandomBytes(8192, seed: 12), true, null, (800, 600), NotPhoto, NotPhotoPt),
            new("photo-is-a-voice-note", "photo", voiceNote, true, null, (800, 600), NotPhoto, NotPhotoPt),
            new("photo-30mb", "photo", big, true, null, (4000, 3000),
                "That file is too big for me (the limit is 20 MB)", "Esse arquivo é grande demais para mim (o limite é 20 MB)"),
            new("photo-60000x60000", "photo", bomb, true, null, (60_000, 60_000), Pixels, PixelsPt),
            // Sent as a file, no dimensions come with the update: only the PNG header tells.
            new("document-60000x60000-png", "document", bomb, true, null, null, Pixels, PixelsPt),
        ];
    }

    /// <summary>A webhook update carrying this file (registered with the Bot API stand-in as <paramref name="fileId"/>).</summary>
    public JsonObject Update(long updateId, long chatId, string fileId, string languageCode)
    {
        var file = new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "U" + fileId };
        if (ReportSize) file["file_size"] = Content.Length;
        JsonNode media = file;
        switch (Field)
        {
            case "voice":
                file["duration"] = Seconds;
                file["mime_type"] = "audio/ogg";
                break;
            case "photo":
                file["width"] = Dimensions!.Value.Width;
                file["height"] = Dimensions.Value.Height;
                media = new JsonArray(file);
                break;
            default:
                file["file_name"] = "receipt.png";
                file["mime_type"] = "image/png";
                break;
        }
        return new JsonObject
        {
            ["update_id"] = updateId,
            ["message"] = new JsonObject
            {
                ["message_id"] = updateId,
                ["from"] = new JsonObject { ["id"] = chatId, ["is_bot"] = false, ["first_name"] = "Ana", ["language_code"] = languageCode },
                ["chat"] = new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "Ana" },
                ["date"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                [Field] = media,
            },
        };
    }
}
