using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Finance.Media.Audio;
using Microsoft.Extensions.Options;
using static Finance.Media.Native.PocketSphinx;

namespace Finance.Media.Speech;

/// <summary>
/// The embedded offline engine: Debian's pocketsphinx with its en-US acoustic model and, by default,
/// the domain language model from models/speech (amounts, currencies, merchants, categories).
/// English only. Decoders are not thread-safe, so each call borrows one from a small pool.
/// </summary>
public sealed class PocketSphinxSpeechToText : ISpeechToText, IDisposable
{
    private readonly string[] _arguments;
    private readonly ConcurrentBag<IntPtr> _idle = [];
    private readonly SemaphoreSlim _slots;
    private readonly Lock _gate = new();
    private readonly List<IntPtr> _all = [];
    private bool _disposed;

    private readonly TimeSpan _timeout;

    public PocketSphinxSpeechToText(IOptions<SpeechOptions> options, IOptions<MediaLimits>? limits = null)
    {
        _timeout = (limits?.Value ?? new MediaLimits()).RecognitionTimeout;
        var o = options.Value;
        var modelDirectory = Path.IsPathRooted(o.ModelDirectory) ? o.ModelDirectory : Path.Combine(AppContext.BaseDirectory, o.ModelDirectory);
        var general = Path.GetDirectoryName(o.AcousticModel.TrimEnd('/'))!;
        var (lm, dict) = o.UseDomainModel
            ? (Path.Combine(modelDirectory, "finance.lm.bin"), Path.Combine(modelDirectory, "finance.dict"))
            : (Path.Combine(general, "en-us.lm.bin"), Path.Combine(general, "cmudict-en-us.dict"));
        foreach (var file in (string[])[lm, dict, Path.Combine(o.AcousticModel, "mdef")])
            if (!File.Exists(file)) throw new FileNotFoundException($"pocketsphinx model file missing: {file}", file);
        UsesDomainModel = o.UseDomainModel;
        _arguments = ["pocketsphinx", "-hmm", o.AcousticModel, "-lm", lm, "-dict", dict, "-logfn", "/dev/null"];
        _slots = new SemaphoreSlim(o.MaxConcurrentDecoders > 0 ? o.MaxConcurrentDecoders : Environment.ProcessorCount);
    }

    public string Name => "pocketsphinx";

    public bool UsesDomainModel { get; }

    public bool SupportsLanguage(string? language) => language is null || LanguageTag.Primary(language) == "en";

    public async Task<string> TranscribeAsync(DecodedAudio audio, string? language, CancellationToken cancellationToken)
    {
        if (!SupportsLanguage(language))
            throw new MediaRejectedException(MediaRejection.LanguageNotSupported,
                $"The offline speech engine understands English only, not '{language}'.");
        await _slots.WaitAsync(cancellationToken);
        // Decoding is CPU-bound native work; keep it off the caller's thread. pocketsphinx cannot be interrupted, so
        // the decode keeps its slot until it ends (bounded by the duration limit): past the timeout the caller is
        // answered at once, and the number of decodes running never exceeds the slots.
        var decode = Task.Run(() =>
        {
            try { return Decode(audio.Samples); }
            finally { _slots.Release(); }
        }, CancellationToken.None);
        try
        {
            return SpokenAmounts.ToDigits(await decode.WaitAsync(_timeout, cancellationToken));
        }
        catch (TimeoutException e)
        {
            throw new MediaRejectedException(MediaRejection.Unreadable,
                $"Transcribing the voice note took longer than {_timeout.TotalSeconds:0} seconds.", e);
        }
    }

    private unsafe string Decode(short[] samples)
    {
        var decoder = Borrow();
        try
        {
            if (ps_start_utt(decoder) < 0) throw new InvalidOperationException("pocketsphinx could not start an utterance.");
            fixed (short* data = samples)
                ps_process_raw(decoder, data, (nuint)samples.Length, 0, 1);
            ps_end_utt(decoder);
            var hypothesis = ps_get_hyp(decoder, out _);
            return hypothesis == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(hypothesis) ?? "";
        }
        finally
        {
            _idle.Add(decoder);
        }
    }

    private IntPtr Borrow()
    {
        if (_idle.TryTake(out var decoder)) return decoder;
        var argv = _arguments.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            var config = cmd_ln_parse_r(IntPtr.Zero, ps_args(), argv.Length, argv, 0);
            if (config == IntPtr.Zero) throw new InvalidOperationException("pocketsphinx rejected its configuration.");
            decoder = ps_init(config);
            cmd_ln_free_r(config); // the decoder holds its own reference
            if (decoder == IntPtr.Zero) throw new InvalidOperationException("pocketsphinx could not load its models.");
            lock (_gate) _all.Add(decoder);
            return decoder;
        }
        finally
        {
            foreach (var p in argv) Marshal.FreeCoTaskMem(p);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var decoder in _all) ps_free(decoder);
            _all.Clear();
        }
        _slots.Dispose();
    }
}
