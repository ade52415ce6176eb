using System.Runtime.InteropServices;
using Finance.Media.Audio;
using Microsoft.Extensions.Options;
using Finance.Media.Native;
using static Finance.Media.Native.PocketSphinx;

namespace Finance.Media.Speech;

/// <summary>
/// The embedded offline engine: Debian's pocketsphinx with its en-US acoustic model and, by default,
/// the domain language model from models/speech (amounts, currencies, merchants, categories).
/// English only. Audio recorded at 8 kHz goes to decoders whose acoustic model was adapted to it.
/// Decoders are not thread-safe, so each call borrows one from a small pool.
/// </summary>
public sealed class PocketSphinxSpeechToText : ISpeechToText, IDisposable
{
    private readonly NativePool _wideband;
    private readonly NativePool? _narrowband;
    private readonly SemaphoreSlim _slots;

    private readonly TimeSpan _timeout;
    private readonly double _minNumberPosterior;
    private readonly double _maxNumberAcousticGap;

    public PocketSphinxSpeechToText(IOptions<SpeechOptions> options, IOptions<MediaLimits>? limits = null)
    {
        _timeout = (limits?.Value ?? new MediaLimits()).RecognitionTimeout;
        var o = options.Value;
        _minNumberPosterior = o.MinNumberPosterior;
        _maxNumberAcousticGap = o.UseDomainModel ? o.MaxNumberAcousticGap : 0;
        var modelDirectory = o.ModelDirectoryPath;
        var general = Path.GetDirectoryName(o.AcousticModel.TrimEnd('/'))!;
        var (lm, dict) = o.UseDomainModel
            ? (Path.Combine(modelDirectory, "finance.lm.bin"), Path.Combine(modelDirectory, "finance.dict"))
            : (Path.Combine(general, "en-us.lm.bin"), Path.Combine(general, "cmudict-en-us.dict"));
        foreach (var file in (string[])[lm, dict, Path.Combine(o.AcousticModel, "mdef")])
            if (!File.Exists(file)) throw new FileNotFoundException($"pocketsphinx model file missing: {file}", file);
        UsesDomainModel = o.UseDomainModel;
        string[] arguments = ["pocketsphinx", "-hmm", o.AcousticModel, "-lm", lm, "-dict", dict, "-logfn", "/dev/null"];
        _wideband = Pool(o.UseDomainModel ? [.. arguments, .. DomainWidebandSearch, .. _maxNumberAcousticGap > 0 ? EverySenone : []] : arguments);
        // The same acoustic model with its Gaussians adapted to 8 kHz speech (models/speech/narrowband/README.md).
        var narrowband = Path.Combine(modelDirectory, "narrowband");
        if (o.UseNarrowbandModel && File.Exists(Path.Combine(narrowband, "means")) && File.Exists(Path.Combine(narrowband, "variances")))
            _narrowband = Pool([.. arguments, .. NarrowbandSearch, "-mean", Path.Combine(narrowband, "means"), "-var", Path.Combine(narrowband, "variances")]);
        _slots = new SemaphoreSlim(o.MaxConcurrentDecoders > 0 ? o.MaxConcurrentDecoders : Environment.ProcessorCount);
    }

    private static NativePool Pool(string[] arguments) =>
        new(() => CreateDecoder(arguments), decoder => ps_free(decoder), typeof(PocketSphinxSpeechToText));

    // With the domain model's few hundred words, one flat-lexicon pass with narrower beams replaces the lexicon tree
    // pass, its phone-loop lookahead and the second flat pass that rescored it: the Gaussians are scored once per frame.
    // On 120 flite expense notes at 16 kHz (half with white noise) CPU over audio fell by about a third (0.076–0.085 →
    // 0.054–0.060) and amounts heard 59/60 clean and 46/60 noisy (45 before); beams of 1e-40/1e-20 lost three, and
    // dropping only the second pass (-fwdflat no) lost one or two noisy ones. Over the general model's 130k words a
    // flat first pass would be far slower, so it keeps the defaults.
    private static readonly string[] DomainWidebandSearch =
        ["-fwdtree", "no", "-fwdflat", "yes", "-pl_window", "0", "-fwdflatbeam", "1e-50", "-fwdflatwbeam", "1e-25"];

    // pocketsphinx measures each frame's scores from the best senone it computed in that frame; with every senone computed
    // (-compallsen) that is the best any phone could do there, so a word's acoustic score per frame says how far the audio
    // is from the word, whatever the language model wanted. An allphone search (a phone loop) over the same audio was as
    // telling but cost four times the decode's CPU. The flat pass chooses nearly as before (6 of 370 coffee orders and none
    // of AN4's 440 utterances heard otherwise); the CPU over audio is about half as much again (0.053 → 0.082 at 16 kHz).
    private static readonly string[] EverySenone = ["-compallsen", "yes"];

    // For 8 kHz audio only, tuned on FSDD's tuning recordings and flite expense notes at 8 kHz (docs/decisions.md): scoring
    // the Gaussians on every other frame costs a third less CPU (CPU over audio 0.093 → 0.066) and heard as many digits
    // (788 of 900) and amounts. At 16 kHz it turned "fifteen" into "fifty", and that engine is fast enough without it.
    private static readonly string[] NarrowbandSearch = ["-ds", "2"];

    // Zeros added before and after the samples. Recordings cut right at the speech (FSDD's are) lose their first
    // frames to the front end (deltas, noise estimate): on FSDD's tuning recordings 56 of 900 came out empty and
    // 50 ms each side took that to 15 (752 → 788 heard right). A voice note that has its own silence barely changes.
    private const int PaddingSamples = DecodedAudio.SampleRate / 20;

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
        var pool = _narrowband is not null && AudioBandwidth.IsNarrowband(samples) ? _narrowband : _wideband;
        var decoder = pool.Borrow();
        try
        {
            DecoderBorrowed?.Invoke();
            // A new stream resets the front end's noise estimate (-remove_noise), which otherwise carries over
            // from the previous utterance: a pooled decoder heard the same note as "coffee 12.50" fresh and
            // "got paid 12.50" after others. CMN is batch (the model's feat.params), so it is per utterance already.
            if (ps_start_stream(decoder) < 0 || ps_start_utt(decoder) < 0) throw new InvalidOperationException("pocketsphinx could not start an utterance.");
            var padded = new short[samples.Length + 2 * PaddingSamples];
            samples.CopyTo(padded, PaddingSamples);
            fixed (short* data = padded)
                ps_process_raw(decoder, data, (nuint)padded.Length, 0, 1);
            ps_end_utt(decoder);
            var hypothesis = ps_get_hyp(decoder, out _);
            var best = hypothesis == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(hypothesis) ?? "";
            var words = best.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (NeedsAnAmount(words)) return NextWithAnAmount(decoder, words) ?? best;
            // The domain model knows expense words and numbers only, so speech about anything else ("a double shot mocha
            // with soy milk") came out as expense words with numbers in them; the lattice is rarely sure of those numbers, and
            // the audio under them rarely sounds like them. Not at 8 kHz: there the lattice was as unsure of real amounts
            // (flite expense notes: 0.003–0.49 in 4 of 24), and no real 8 kHz speech without numbers was there to tune on.
            if ((_minNumberPosterior <= 0 && _maxNumberAcousticGap <= 0) || pool != _wideband || !words.Any(SpokenAmounts.IsNumberWord)
                || words.All(SpokenAmounts.IsAmountWord)) return best;
            var heard = HeardWords(decoder, words);
            if (heard is null) return best;
            bool Unsure(int[] number) => number.Any(i => heard[i].Posterior < _minNumberPosterior)
                || (_maxNumberAcousticGap > 0 && AcousticGap([.. number.Select(i => heard[i])]) > _maxNumberAcousticGap);
            return string.Join(' ', WithoutUnsureNumbers(words, Unsure));
        }
        finally
        {
            pool.Return(decoder);
        }
    }

    // A voice note to a money bot that comes out as one or two words and no number ("the", "lidl", nothing) is
    // almost always a number misheard: on real recordings of people saying one number (FSDD tuning split) taking
    // the best of the next hypotheses that holds one raised the share heard right from 61 % to 67 %. Longer
    // sentences without a number ("how much did i spend today") are left as heard.
    private static bool NeedsAnAmount(string[] words) => words.Length <= 2 && !words.Any(SpokenAmounts.IsNumberWord);

    private const int AlternativesTried = 10;

    // An alternative that keeps every word heard and only adds a number ("yes" → "eight yes") is the language model
    // filling silence with its likeliest word, not a misheard number: a command said alone came out with one.
    private static string? NextWithAnAmount(IntPtr decoder, string[] heard)
    {
        var nbest = ps_nbest(decoder);
        for (var i = 0; nbest != IntPtr.Zero && i < AlternativesTried; i++)
        {
            nbest = ps_nbest_next(nbest); // frees the iterator itself when it runs out
            if (nbest == IntPtr.Zero) return null;
            var text = Marshal.PtrToStringUTF8(ps_nbest_hyp(nbest, out _)) ?? "";
            if (ReplacesWithANumber(heard, text.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
            {
                ps_nbest_free(nbest);
                return text;
            }
        }
        if (nbest != IntPtr.Zero) ps_nbest_free(nbest);
        return null;
    }

    internal static bool ReplacesWithANumber(string[] heard, string[] alternative) =>
        alternative.Any(SpokenAmounts.IsNumberWord) && (heard.Length == 0 || !heard.All(alternative.Contains));

    /// <summary>A word of the best path: its posterior probability in the utterance's lattice (1 where the decoder kept
    /// none), its frames (10 ms each) and its acoustic log-likelihood in nats.</summary>
    internal readonly record struct HeardWord(string Word, double Posterior, int StartFrame, int EndFrame, double Acoustic);

    /// <summary>The best path's words, or null when they are not the hypothesis's.</summary>
    private static HeardWord[]? HeardWords(IntPtr decoder, string[] words)
    {
        var heard = new List<HeardWord>(words.Length);
        var logmath = ps_get_logmath(decoder);
        for (var segment = ps_seg_iter(decoder); segment != IntPtr.Zero; segment = ps_seg_next(segment)) // frees itself at the end
        {
            var word = Marshal.PtrToStringUTF8(ps_seg_word(segment)) ?? "";
            if (IsFiller(word)) continue;
            if (word.IndexOf('(') is > 0 and var variant) word = word[..variant]; // "two(2)": a second pronunciation
            if (heard.Count == words.Length || words[heard.Count] != word)
            {
                ps_seg_free(segment);
                return null;
            }
            var posterior = logmath_exp(logmath, ps_seg_prob(segment, out var acoustic, out _, out _));
            ps_seg_frames(segment, out var start, out var end);
            heard.Add(new HeardWord(word, posterior, start, end, logmath_log_to_ln(logmath, acoustic)));
        }
        return heard.Count == words.Length ? [.. heard] : null;
    }

    /// <summary>How far, in nats per frame, the audio under a number's words falls below the best senone of each frame (with
    /// every senone computed, the best any phone could score there). Taken over the whole number: a short word in it ("two"
    /// of "thirty two") can fall further on its own.</summary>
    internal static double AcousticGap(IReadOnlyList<HeardWord> number)
    {
        var frames = number.Sum(w => w.EndFrame - w.StartFrame + 1);
        return frames <= 0 ? 0 : -number.Sum(w => w.Acoustic) / frames;
    }

    // <s>, </s>, <sil>, [NOISE], ++BREATH++
    private static bool IsFiller(string word) => word.Length == 0 || word[0] is '<' or '[' or '+';

    /// <summary>The words without the spoken numbers the decoder was unsure of: an amount loses all its number words
    /// ("twelve fifty", "two point five", "twelve dollars and fifty cents") when <paramref name="unsure"/> says so of the
    /// positions of its number words. Only numbers among other words are judged: a note that is only an amount ("forty
    /// two", "eight dollars") is a number however unsure the decoder is of which one (on FSDD's digits any posterior floor
    /// lost right answers, and the n-best fallback above exists for them).</summary>
    internal static IEnumerable<string> WithoutUnsureNumbers(string[] words, Func<int[], bool> unsure)
    {
        if (words.All(SpokenAmounts.IsAmountWord)) return words;
        var drop = new bool[words.Length];
        var i = 0;
        while (i < words.Length)
        {
            if (!SpokenAmounts.IsNumberWord(words[i])) { i++; continue; }
            // The whole amount: "twelve dollars and fifty cents" without an unsure "twelve" would read as 0.50.
            var end = i + 1;
            while (end < words.Length && SpokenAmounts.IsAmountWord(words[end])) end++;
            if (unsure([.. Enumerable.Range(i, end - i).Where(w => SpokenAmounts.IsNumberWord(words[w]))]))
                for (var w = i; w < end; w++) drop[w] = SpokenAmounts.IsNumberWord(words[w]) || words[w] is "point" or "oh";
            i = end;
        }
        return words.Where((_, w) => !drop[w]);
    }

    // The slots are not disposed: a decode that outlives its caller releases its slot when it ends, and a
    // SemaphoreSlim whose wait handle was never asked for holds nothing to free.
    public void Dispose()
    {
        _wideband.Dispose();
        _narrowband?.Dispose();
    }

    /// <summary>Decoders made and not yet freed (loaded models, ~40 MB each).</summary>
    internal int DecodersAlive => _wideband.Alive + (_narrowband?.Alive ?? 0);

    /// <summary>Completes once the engine is disposed and every decoder is freed, those of decodes still running included.</summary>
    internal Task Freed => Task.WhenAll(_wideband.Freed, _narrowband?.Freed ?? Task.CompletedTask);

    /// <summary>Called on the decoding thread with a borrowed decoder, before the native calls: lets a test hold a
    /// decode there while its caller times out and the engine is disposed.</summary>
    internal Action? DecoderBorrowed { get; init; }

    /// <summary>A decoder loaded with one configuration (the pool frees it only when no decode holds it).</summary>
    private static IntPtr CreateDecoder(string[] arguments)
    {
        var argv = arguments.Select(Marshal.StringToCoTaskMemUTF8).ToArray();
        try
        {
            var config = cmd_ln_parse_r(IntPtr.Zero, ps_args(), argv.Length, argv, 0);
            if (config == IntPtr.Zero) throw new InvalidOperationException("pocketsphinx rejected its configuration.");
            var decoder = ps_init(config);
            cmd_ln_free_r(config); // the decoder holds its own reference
            return decoder != IntPtr.Zero ? decoder : throw new InvalidOperationException("pocketsphinx could not load its models.");
        }
        finally
        {
            foreach (var p in argv) Marshal.FreeCoTaskMem(p);
        }
    }
}
