using System.Net;
using Finance.Testing;

namespace Finance.Host.Tests.Media;

/// <summary>The whole catalogue of bad voice notes and images (<see cref="BadMedia"/>) through the real host, in English
/// and Portuguese: each gets a plain answer in the sender's language, nothing is booked, and the host carries on.</summary>
public sealed class BadMediaTests(FinanceHost host) : IClassFixture<FinanceHost>, IDisposable
{
    private static long nextId = 900_000;
    private readonly string directory = Directory.CreateTempSubdirectory("finance-bad-media-").FullName;

    [Fact]
    public async Task Every_kind_of_bad_media_gets_a_clear_answer_in_the_senders_language()
    {
        var cases = await BadMedia.CreateAsync(directory);
        var sent = new List<(BadMedia Case, string Language, long Chat, long UpdateId)>();
        foreach (var language in (string[])["en", "pt-br"])
            foreach (var bad in cases)
            {
                var chat = Interlocked.Increment(ref nextId);
                var fileId = host.Telegram.AddFile(bad.Content, $"media/{bad.Name}", reportSize: bad.ReportSize);
                var update = bad.Update(Interlocked.Increment(ref nextId), chat, fileId, language);
                (await host.PostAsync(update)).EnsureSuccessStatusCode();
                sent.Add((bad, language, chat, update["update_id"]!.GetValue<long>()));
            }

        var wrong = new List<string>();
        foreach (var (bad, language, chat, updateId) in sent)
        {
            var status = await host.EventuallyAsync($"SELECT status || '/' || coalesce(outcome, '') FROM inbox WHERE external_id = '{updateId}'",
                "done/media_rejected", TimeSpan.FromSeconds(60));
            var answer = host.RepliesTo(chat).LastOrDefault() ?? "(no answer)";
            if (status != "done/media_rejected" || !answer.StartsWith(bad.Expected(language), StringComparison.Ordinal))
                wrong.Add($"{bad.Name} [{language}]: {status}: {answer}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        Assert.Equal(0L, await host.ScalarAsync<long>("SELECT count(*) FROM transactions"));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/health")).StatusCode);
        Assert.Contains("✅ Booked $2.50", await host.SayAsync(Interlocked.Increment(ref nextId), "coffee 2.50"));
    }

    public void Dispose() => Directory.Delete(directory, recursive: true);
}

/// <summary>A host whose ffmpeg never finishes (a stand-in that sleeps, as a decoder stuck on a stalled input would).</summary>
public sealed class HangingDecoderHost : IAsyncLifetime
{
    private readonly string directory = Directory.CreateTempSubdirectory("finance-hanging-").FullName;

    public FinanceHost Host { get; } = new();

    public string Decoder { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Decoder = TestFiles.HangingDecoder(directory);
        Host.Settings["Finance:Media:FfmpegPath"] = Decoder;
        Host.Settings["Finance:Media:DecodeTimeout"] = "00:00:02";
        await Host.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        Directory.Delete(directory, recursive: true);
    }
}

public sealed class HangingDecoderTests(HangingDecoderHost fixture, MediaFiles files) : IClassFixture<HangingDecoderHost>, IClassFixture<MediaFiles>
{
    [Fact]
    public async Task A_voice_note_whose_decoder_hangs_is_answered_and_the_decoder_is_killed()
    {
        var host = fixture.Host;
        var voice = host.Telegram.AddFile(await files.VoiceNoteAsync("coffee four dollars"), "voice/hangs.oga");

        var update = MediaUpdates.Voice(4501, voice, seconds: 2);

        var replies = await host.SendAndWaitAsync(4501, update);

        Assert.StartsWith("I couldn't play that audio", replies[^1]);
        Assert.Equal("media_rejected", await host.ScalarAsync<string>($"SELECT outcome FROM inbox WHERE external_id = '{update["update_id"]}'"));
        var pid = int.Parse(await File.ReadAllTextAsync(fixture.Decoder + ".pid"));
        Assert.True(SpinWait.SpinUntil(() => TestFiles.ProcessEnded(pid), TimeSpan.FromSeconds(10)), $"the hanging decoder {pid} still runs");
    }
}
