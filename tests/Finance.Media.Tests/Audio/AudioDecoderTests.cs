using Finance.Testing;
using Finance.Media.Audio;
using Finance.Media.Tests.Speech;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests.Audio;

public sealed class AudioDecoderTests(SpokenExpenses speech) : IClassFixture<SpokenExpenses>
{
    private static AudioDecoder Decoder(MediaLimits? limits = null) => new(Options.Create(limits ?? new MediaLimits()));

    [Fact]
    public async Task Voice_note_becomes_16_khz_mono_pcm()
    {
        var audio = await Decoder().DecodeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", "rms"), default);
        Assert.InRange(audio.Duration.TotalSeconds, 1, 4);
        Assert.Contains(audio.Samples, s => Math.Abs((int)s) > 1000);
    }

    [Fact]
    public async Task Zero_byte_audio_is_empty()
    {
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Decoder().DecodeAsync([], default));
        Assert.Equal(MediaRejection.Empty, error.Reason);
    }

    [Fact]
    public async Task Corrupt_ogg_is_unreadable()
    {
        var ogg = await speech.VoiceNoteAsync("netflix fifteen dollars", "slt");
        var corrupt = ogg[..64].Concat(Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 251))).ToArray();
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Decoder().DecodeAsync(corrupt, default));
        Assert.Equal(MediaRejection.Unreadable, error.Reason);
    }

    [Fact]
    public async Task Pdf_sent_as_a_voice_note_is_unreadable()
    {
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Decoder().DecodeAsync(TestFiles.Pdf, default));
        Assert.Equal(MediaRejection.Unreadable, error.Reason);
    }

    [Fact]
    public async Task Playlist_posing_as_audio_cannot_make_ffmpeg_open_other_files()
    {
        var playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:10,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"u8.ToArray();
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() => Decoder().DecodeAsync(playlist, default));
        Assert.Equal(MediaRejection.Unreadable, error.Reason);
    }

    [Fact]
    public async Task Audio_over_the_duration_limit_is_too_long()
    {
        var note = await speech.VoiceNoteAsync("I spent forty five dollars at walmart and twelve dollars on lunch", "slt");
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Decoder(new MediaLimits { MaxAudioDuration = TimeSpan.FromSeconds(1) }).DecodeAsync(note, default));
        Assert.Equal(MediaRejection.TooLong, error.Reason);
    }

    [Fact]
    public async Task Audio_over_the_byte_limit_is_refused_before_decoding()
    {
        var error = await Assert.ThrowsAsync<MediaRejectedException>(() =>
            Decoder(new MediaLimits { MaxAudioBytes = 100 }).DecodeAsync(new byte[101], default));
        Assert.Equal(MediaRejection.TooLarge, error.Reason);
    }
}
