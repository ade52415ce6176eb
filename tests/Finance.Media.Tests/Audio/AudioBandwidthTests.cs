using Finance.Media.Audio;
using Finance.Media.Tests.Speech;
using Microsoft.Extensions.Options;

namespace Finance.Media.Tests.Audio;

/// <summary>Real flite voices through real ffmpeg: 8 kHz audio is told apart from 16 kHz and wider after resampling.</summary>
public sealed class AudioBandwidthTests(SpokenExpenses speech) : IClassFixture<SpokenExpenses>
{
    private static readonly AudioDecoder Decoder = new(Options.Create(new MediaLimits()));

    [Theory]
    [InlineData("slt")]
    [InlineData("rms")]
    [InlineData("kal16")]
    public async Task Telephone_audio_at_8_khz_is_narrowband(string voice)
    {
        var audio = await Decoder.DecodeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", voice, format: "telephone"), default);
        Assert.True(AudioBandwidth.IsNarrowband(audio.Samples));
    }

    [Theory]
    [InlineData("slt", "ogg")]
    [InlineData("rms", "ogg")]
    [InlineData("kal16", "wav")]
    public async Task A_voice_note_at_16_khz_is_not_narrowband(string voice, string format)
    {
        var audio = await Decoder.DecodeAsync(await speech.VoiceNoteAsync("netflix fifteen dollars", voice, format: format), default);
        Assert.False(AudioBandwidth.IsNarrowband(audio.Samples));
    }

    [Fact]
    public void Silence_and_a_few_samples_are_not_called_narrowband() // nothing to tell: the wideband model stays
    {
        Assert.False(AudioBandwidth.IsNarrowband(new short[16_000]));
        Assert.False(AudioBandwidth.IsNarrowband(new short[] { 100, -100, 100 }));
    }
}
