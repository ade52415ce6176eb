namespace Finance.Media.Audio;

/// <summary>Speech-ready audio: 16 kHz, mono, signed 16-bit samples.</summary>
public sealed record DecodedAudio(short[] Samples)
{
    public const int SampleRate = 16_000;

    public TimeSpan Duration => TimeSpan.FromSeconds(Samples.Length / (double)SampleRate);

    /// <summary>The samples as a RIFF/WAVE file, what every transcription endpoint accepts.</summary>
    public byte[] ToWav()
    {
        var dataBytes = Samples.Length * 2;
        using var stream = new MemoryStream(44 + dataBytes);
        using var w = new BinaryWriter(stream);
        w.Write("RIFF"u8); w.Write(36 + dataBytes); w.Write("WAVE"u8);
        w.Write("fmt "u8); w.Write(16); w.Write((short)1); w.Write((short)1);
        w.Write(SampleRate); w.Write(SampleRate * 2); w.Write((short)2); w.Write((short)16);
        w.Write("data"u8); w.Write(dataBytes);
        foreach (var s in Samples) w.Write(s);
        w.Flush();
        return stream.ToArray();
    }
}
