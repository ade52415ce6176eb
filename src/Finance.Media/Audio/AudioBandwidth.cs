namespace Finance.Media.Audio;

/// <summary>
/// Whether a voice note was recorded or sent at 8 kHz (telephone, AMR, the Free Spoken Digit Dataset): resampled to
/// 16 kHz it has next to nothing above 4 kHz, where a wideband acoustic model expects the fricatives of "six" and "five".
/// </summary>
public static class AudioBandwidth
{
    // A windowed-sinc high-pass at 4.3 kHz (65 taps, Hamming): a 16 kHz voice keeps 1e-3–5e-2 of its energy above it,
    // 8 kHz audio resampled to 16 kHz 1e-7–2e-5 (measured on flite voices and FSDD recordings), so 1e-4 splits them.
    private const double CutoffHz = 4_300;
    private const int HalfTaps = 32;
    private const double NarrowbandEnergyShare = 1e-4;
    private static readonly double[] HighPass = Design();

    // The first 20 seconds tell; a long note costs no more than that (65 multiplications a sample).
    private const int SamplesLooked = 20 * DecodedAudio.SampleRate;

    public static bool IsNarrowband(ReadOnlySpan<short> samples)
    {
        samples = samples[..Math.Min(samples.Length, SamplesLooked)];
        if (samples.Length <= HighPass.Length) return false;
        double total = 0, high = 0;
        foreach (var s in samples) total += (double)s * s;
        if (total == 0) return false;
        for (var i = HighPass.Length - 1; i < samples.Length; i++)
        {
            double y = 0;
            for (var j = 0; j < HighPass.Length; j++) y += HighPass[j] * samples[i - j];
            high += y * y;
        }
        return high / total < NarrowbandEnergyShare;
    }

    private static double[] Design()
    {
        var fc = CutoffHz / DecodedAudio.SampleRate;
        var taps = new double[2 * HalfTaps + 1];
        for (var n = 0; n < taps.Length; n++)
        {
            var k = n - HalfTaps;
            var lowPass = k == 0 ? 2 * fc : Math.Sin(2 * Math.PI * fc * k) / (Math.PI * k);
            var window = 0.54 - 0.46 * Math.Cos(2 * Math.PI * n / (taps.Length - 1));
            taps[n] = (k == 0 ? 1 : 0) - lowPass * window;
        }
        return taps;
    }
}
