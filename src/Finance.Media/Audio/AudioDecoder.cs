using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Options;

namespace Finance.Media.Audio;

/// <summary>
/// Turns a voice note (OGG/Opus, MP3, M4A, WAV …) into 16 kHz mono PCM with the ffmpeg binary,
/// run as a process with an argument list (never a shell), a timeout and cancellation.
/// </summary>
public sealed class AudioDecoder(IOptions<MediaLimits> limits)
{
    // Only container formats a voice note can come in, read from the one local file: a playlist or
    // concat script posing as audio must not make ffmpeg open other files or the network.
    private const string AllowedFormats = "ogg,mp3,mov,mp4,m4a,3gp,wav,matroska,webm,flac,aac,amr,caf";

    public async Task<DecodedAudio> DecodeAsync(byte[] audio, CancellationToken cancellationToken)
    {
        var limit = limits.Value;
        if (audio.Length == 0) throw new MediaRejectedException(MediaRejection.Empty, "The audio file is empty.");
        if (audio.Length > limit.MaxAudioBytes)
            throw new MediaRejectedException(MediaRejection.TooLarge,
                $"The audio file is {audio.Length / 1048576.0:0.#} MB; the limit is {limit.MaxAudioBytes / 1048576.0:0.#} MB.");

        var input = Path.Combine(Path.GetTempPath(), $"finance-audio-{Guid.NewGuid():N}");
        await File.WriteAllBytesAsync(input, audio, cancellationToken);
        try
        {
            var pcm = await RunFfmpegAsync(input, limit, cancellationToken);
            if (pcm.Length < 2) throw new MediaRejectedException(MediaRejection.Unreadable, "The audio file holds no sound.");
            var samples = MemoryMarshal.Cast<byte, short>(pcm.AsSpan(0, pcm.Length & ~1)).ToArray();
            var decoded = new DecodedAudio(samples);
            if (decoded.Duration > limit.MaxAudioDuration)
                throw new MediaRejectedException(MediaRejection.TooLong,
                    $"The voice note is longer than {limit.MaxAudioDuration.TotalMinutes:0.#} minutes.");
            return decoded;
        }
        finally
        {
            File.Delete(input);
        }
    }

    private async Task<byte[]> RunFfmpegAsync(string input, MediaLimits limit, CancellationToken cancellationToken)
    {
        // Decoding stops a little past the duration limit, so a 3-hour file costs no more than 3 minutes.
        var stopAt = (limit.MaxAudioDuration + TimeSpan.FromSeconds(1)).TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);
        var ffmpeg = new ProcessStartInfo("ffmpeg");
        if (limit.FfmpegPath != "ffmpeg") ffmpeg.FileName = limit.FfmpegPath;
        // prlimit (util-linux) sets the limits on itself and then execs ffmpeg, so the decoder runs with the same pid,
        // capped in address space and in CPU seconds; the timeout below kills it on wall-clock time.
        var start = new ProcessStartInfo("prlimit")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        var cpuSeconds = (long)Math.Ceiling(limit.DecodeTimeout.TotalSeconds);
        foreach (var arg in (string[])[$"--as={limit.DecoderMemoryBytes}", $"--cpu={cpuSeconds}", "--", ffmpeg.FileName,
                     "-nostdin", "-hide_banner", "-loglevel", "error", "-threads", "1",
                     "-protocol_whitelist", "file", "-format_whitelist", AllowedFormats,
                     "-i", input, "-vn", "-sn", "-dn", "-t", stopAt, "-ac", "1", "-ar", DecodedAudio.SampleRate.ToString(),
                     "-f", "s16le", "-acodec", "pcm_s16le", "pipe:1"])
            start.ArgumentList.Add(arg);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(limit.DecodeTimeout);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("ffmpeg did not start.");
        try
        {
            using var output = new MemoryStream();
            var copy = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await Task.WhenAll(copy, errors);
            await process.WaitForExitAsync(timeout.Token);
            if (process.ExitCode != 0)
                throw new MediaRejectedException(MediaRejection.Unreadable,
                    "The audio file could not be decoded (damaged or not a sound format).",
                    new InvalidDataException(FirstLine(await errors)));
            return output.ToArray();
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MediaRejectedException(MediaRejection.Unreadable,
                $"Decoding the audio took longer than {limit.DecodeTimeout.TotalSeconds:0} seconds.");
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
