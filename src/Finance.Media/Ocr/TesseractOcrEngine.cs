using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Finance.Media.Images;
using Finance.Media.Native;
using Finance.Media.Ocr.Paddle;
using Finance.Understanding.Receipts;
using Microsoft.Extensions.Options;
using static Finance.Media.Native.Leptonica;
using static Finance.Media.Native.Tesseract;

namespace Finance.Media.Ocr;

/// <summary>
/// Tesseract 5 (Debian's libtesseract5) through its C API. Each scan borrows an engine from a pool:
/// one engine serves one thread at a time. Images are cleaned with leptonica first: grey,
/// scaled to a receipt's reading width, deskewed and contrast-normalised. The quick pass reads the page with
/// OcrOptions.Languages, the thorough one with OcrOptions.ThoroughLanguages; lines whose digits the page reading was
/// unsure of get a <see cref="SecondOpinion"/> (measured on real receipts: `finance ocr --eval`, see docs/receipts.md).
/// When PP-OCR's models are present (<see cref="OcrOptions.UsePaddleOcr"/>), the thorough pass reads the same prepared page
/// with <see cref="PaddleOcrReader"/> instead: the stronger reader where the quick one was unsure.
/// </summary>
public sealed class TesseractOcrEngine : IOcrEngine, IDisposable
{
    private const int TargetWidth = 1000;

    private readonly OcrOptions _options;
    private readonly IOptions<MediaLimits> _limits;
    private readonly NativePool _page;
    private readonly NativePool _thoroughPage;
    private readonly NativePool _thoroughLines;
    private readonly NativePool _decidingPage;
    private readonly NativePool? _secondOpinion;
    private readonly NativePool _rows;
    private readonly PaddleOcrReader? _paddle;
    private readonly SemaphoreSlim _slots;

    /// <summary>Pages already prepared, per image array and width. The scanner hands every reading of a receipt the same
    /// array, so a receipt checked or read again is not decoded and prepared again (≈ 40 ms a reading, docs/receipts.md,
    /// ninth round); an entry goes when its image's array is collected.</summary>
    private readonly ConditionalWeakTable<byte[], ConcurrentDictionary<int, PreparedPage>> _prepared = new();

    static TesseractOcrEngine()
    {
        OneOpenMpThread();
        Quiet();
    }

    private static readonly Lock ImportsRedirection = new();
    private static bool _importsRedirected;

    /// <summary>What libtesseract calls for each row and each time step, made cheaper without changing what it reads
    /// (<see cref="OcrOptions.RedirectTesseractImports"/>); once a process, before the first engine reads.</summary>
    private static void RedirectImports()
    {
        lock (ImportsRedirection)
        {
            if (_importsRedirected) return;
            RawRowImages.Install();
            SerialOpenMp.Install();
            _importsRedirected = true;
        }
    }

    /// <summary>
    /// Tesseract's OpenMP threads fight each other on small images: one thread per engine is 4–6× faster. libgomp reads
    /// the limit from the C environment once, when the first library linking it loads — libtesseract, or before it
    /// Whisper's ggml (run with one thread anyway), which <see cref="MediaSetup.AddMedia"/> may construct first: so both
    /// call this before any engine loads. overwrite=false respects an operator's choice.
    /// </summary>
    internal static void OneOpenMpThread() => Libc.SetNativeEnvironment("OMP_THREAD_LIMIT", "1");

    public TesseractOcrEngine(IOptions<OcrOptions> options, IOptions<MediaLimits> limits)
    {
        _options = options.Value;
        _limits = limits;
        if (_options.RedirectTesseractImports) RedirectImports();
        // A model missing would otherwise fail only when a receipt first needs it (the thorough pass may be days later).
        foreach (var model in _options.Models())
            if (!File.Exists(Path.Combine(_options.TessdataPath, model + ".traineddata")))
                throw new FileNotFoundException($"Tesseract data '{model}' not found in {_options.TessdataPath} " +
                    "(Debian: tesseract-ocr-eng, tesseract-ocr-por, tesseract-ocr-script-latn for Latin).");
        _page = Pool(_options.Languages, _options.PageSegmentationMode);
        _thoroughPage = Pool(_options.ThoroughLanguages, _options.PageSegmentationMode);
        // The strip of lines to check is read as one uniform block (6), like the page by default: then one pool serves both.
        _thoroughLines = _options.PageSegmentationMode == 6 ? _thoroughPage : Pool(_options.ThoroughLanguages, 6);
        // The deciding reading may be the thorough network on a larger page: the same engines serve both.
        _decidingPage = (_options.DecidingLanguages, _options.DecidingPageSegmentationMode) == (_options.ThoroughLanguages, _options.PageSegmentationMode)
            ? _thoroughPage
            : Pool(_options.DecidingLanguages, _options.DecidingPageSegmentationMode);
        // The strip is a column of single lines: one uniform block (6) reads it in order.
        if (_options.SecondOpinionLanguages is { Length: > 0 } second && _options.SecondOpinionBelowConfidence > 0)
            _secondOpinion = Pool(second, 6);
        // One row at a time, as one line of text (7).
        _rows = Pool(_options.RowLanguages, 7);
        _slots = new SemaphoreSlim(_options.MaxConcurrentEngines > 0 ? _options.MaxConcurrentEngines : Environment.ProcessorCount);
        if (_options.UsePaddleOcr && PaddleOcrModels.Find(_options.PaddleModelDirectoryPath) is { } models) _paddle = new PaddleOcrReader(models);
    }

    /// <summary>Whether the thorough pass is PP-OCR's (its models were found and it is not turned off).</summary>
    internal bool ThoroughByPaddleOcr => _paddle is not null;

    public async Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
    {
        if (pass == OcrPass.Thorough && _paddle is { } paddle)
            return await RunAsync(image, TargetWidth, (pix, recognition) =>
            {
                try
                {
                    var (text, confidence, words) = paddle.Read(pix, recognition.Deadline.Token);
                    return new OcrResult(text, confidence, words);
                }
                catch (OperationCanceledException)
                {
                    recognition.Cancellation.ThrowIfCancellationRequested();
                    throw TimedOut();
                }
            }, cancellationToken);
        var (page, secondOpinion, width) = pass switch
        {
            OcrPass.Thorough => (_thoroughPage, _secondOpinion, TargetWidth),
            OcrPass.Deciding => (_decidingPage, null, _options.DecidingPageWidth),
            _ => (_page, _options.QuickSecondOpinion ? _secondOpinion : null, TargetWidth),
        };
        return await RunAsync(image, width, (pix, recognition) =>
        {
            var (text, confidence, words) = Read(page, pix, recognition, withText: true);
            var reread = 0;
            if (secondOpinion is not null
                && SecondOpinion.Plan(words, _options.SecondOpinionBelowConfidence, pixGetWidth(pix), pixGetHeight(pix)) is { } plan)
            {
                words = ReadAgain(secondOpinion, pix, words, plan, recognition, out reread, out var replaced, onlyWhenSurer: true);
                if (replaced > 0) text = SecondOpinion.Text(words);
            }
            return new OcrResult(text.Trim(), Math.Max(0, confidence), words) { LinesReread = reread };
        }, cancellationToken);
    }

    /// <summary>The chosen lines of a quick reading read again by the thorough pass's model, stacked in one strip (one
    /// Tesseract call on a few rows instead of the whole page); each line takes that reading whatever its confidence, since
    /// the caller compares what two networks read. When PP-OCR reads the thorough pass, Tesseract's <c>Latin</c> agreeing on a
    /// few lines says nothing of what PP-OCR would read on the page: the page comes back unread (no line read again) and the
    /// receipt gets its thorough reading. On the SROIE tuning part that read 1 total and 2 merchants more and booked 24 more
    /// receipts without asking, all right (docs/receipts.md, fourteenth round).</summary>
    public async Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken) =>
        _paddle is not null ? page with { LinesReread = 0, Cpu = TimeSpan.Zero } : await RunAsync(image, TargetWidth, (pix, recognition) =>
        {
            if (SecondOpinion.Plan(page.Words, line => lines.Contains(line.Key), pixGetWidth(pix), pixGetHeight(pix)) is not { } plan) return page with { LinesReread = 0 };
            var words = ReadAgain(_thoroughLines, pix, page.Words, plan, recognition, out var reread, out var replaced, onlyWhenSurer: false);
            return page with { Text = replaced > 0 ? SecondOpinion.Text(words) : page.Text, Words = words, LinesReread = reread };
        }, cancellationToken);

    /// <summary>The chosen lines of a reading cut from the prepared page one at a time (<see cref="RowCrops.Plan"/>), enlarged
    /// (<see cref="OcrOptions.RowScale"/>), binarised when asked (<see cref="OcrOptions.RowBinarisation"/>) and read as one
    /// line by <see cref="OcrOptions.RowLanguages"/>; each line takes that reading whatever its confidence. A date's row is
    /// enlarged by <see cref="OcrOptions.DateRowScale"/>.</summary>
    public async Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlyDictionary<int, RowField> lines, CancellationToken cancellationToken) =>
        await RunAsync(image, TargetWidth, (pix, recognition) =>
        {
            var rows = new Dictionary<int, List<OcrWord>>();
            foreach (var crop in RowCrops.Plan(page.Words, lines.Keys.ToHashSet(), pixGetWidth(pix), pixGetHeight(pix)))
            {
                var scale = lines[crop.Line] == RowField.Date ? _options.DateRowScale : _options.RowScale;
                var row = Enlarge(pix, crop, scale);
                try
                {
                    var (_, _, read) = Read(_rows, row, recognition, withText: false);
                    if (read.Count > 0) rows[crop.Line] = [.. RowCrops.ToPage(read, crop, scale)];
                }
                finally
                {
                    pixDestroy(ref row);
                }
            }
            if (rows.Count == 0) return page with { LinesReread = 0 };
            List<OcrWord> words = [.. page.Words.GroupBy(w => w.Line).OrderBy(g => g.Key).SelectMany(g => rows.TryGetValue(g.Key, out var again) ? again : [.. g])];
            return page with { Text = SecondOpinion.Text(words), Words = words, LinesReread = rows.Count };
        }, cancellationToken);

    /// <summary>One row cut from the page, enlarged by <paramref name="scale"/> (and binarised when asked), with a white border.</summary>
    private IntPtr Enlarge(IntPtr page, RowCrops.Crop crop, float scale)
    {
        var row = pixCreate(crop.Width, crop.Height, 8);
        if (row == IntPtr.Zero) throw new InvalidOperationException("leptonica could not allocate a row image.");
        pixRasterop(row, 0, 0, crop.Width, crop.Height, CopySource, page, crop.Left, crop.Top);
        row = Replace(row, pixScaleGrayLI(row, scale, scale));
        var (width, height) = (pixGetWidth(row), pixGetHeight(row));
        var binary = IntPtr.Zero;
        switch (_options.RowBinarisation)
        {
            case RowBinarisation.Sauvola:
                // A window about the text's height: each stroke is judged against the paper right around it.
                var half = Math.Min((int)(crop.TextHeight * scale), (Math.Min(width, height) - 3) / 2);
                if (half >= 2) pixSauvolaBinarizeTiled(row, half, _options.RowSauvolaFactor, 1, 1, IntPtr.Zero, out binary);
                break;
            case RowBinarisation.Otsu:
                // One tile: the row's own threshold, not the page's.
                pixOtsuAdaptiveThreshold(row, Math.Max(16, width), Math.Max(16, height), 0, 0, 0.1f, IntPtr.Zero, out binary);
                break;
        }
        if (binary != IntPtr.Zero) row = Replace(row, binary);
        // White is 0 in a binary image and 255 in a grey one.
        return Replace(row, pixAddBorder(row, RowCrops.Border, binary != IntPtr.Zero ? 0u : 255u));
    }

    /// <summary>The deadline, cancellation and Tesseract's monitor around one scan of the preprocessed page, on a slot of its own.</summary>
    private readonly record struct Recognition(IntPtr Monitor, CancellationTokenSource Deadline, CancellationToken Cancellation);

    private async Task<OcrResult> RunAsync(byte[] image, int width, Func<IntPtr, Recognition, OcrResult> read, CancellationToken cancellationToken)
    {
        ImageAdmission.Admit(image, _limits.Value);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            return await Task.Run(() => Recognize(image, width, read, cancellationToken), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private OcrResult Recognize(byte[] image, int width, Func<IntPtr, Recognition, OcrResult> read, CancellationToken cancellationToken)
    {
        var started = Libc.ThreadCpuTime();
        var (pix, damaged) = Prepare(image, width);
        // Tesseract asks its monitor between words whether to go on; the answer comes from this token, cancelled
        // by the recognition deadline or the caller, so a page that would take minutes stops at the deadline.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // A deadline already passed is cancelled now: CancelAfter(0) fires on a timer thread, after a quick scan.
        if (_limits.Value.RecognitionTimeout <= TimeSpan.Zero) deadline.Cancel();
        else deadline.CancelAfter(_limits.Value.RecognitionTimeout);
        var token = GCHandle.Alloc(deadline);
        var monitor = TessMonitorCreate();
        try
        {
            unsafe { TessMonitorSetCancelFunc(monitor, &StopRequested); }
            TessMonitorSetCancelThis(monitor, GCHandle.ToIntPtr(token));
            return read(pix, new Recognition(monitor, deadline, cancellationToken)) with { Cpu = Libc.ThreadCpuTime() - started, Damaged = damaged };
        }
        finally
        {
            TessMonitorDelete(monitor);
            token.Free();
            pixDestroy(ref pix);
        }
    }

    /// <summary>The planned lines cut out of the page, read with <paramref name="pool"/>'s engine and merged back (<see cref="SecondOpinion.Merge"/>).</summary>
    private IReadOnlyList<OcrWord> ReadAgain(NativePool pool, IntPtr pix, IReadOnlyList<OcrWord> words, SecondOpinion.Strip plan,
        Recognition recognition, out int reread, out int replaced, bool onlyWhenSurer)
    {
        var strip = Cut(pix, plan);
        try
        {
            var (_, _, second) = Read(pool, strip, recognition, withText: false);
            return SecondOpinion.Merge(words, plan, second, out reread, out replaced, onlyWhenSurer);
        }
        finally
        {
            pixDestroy(ref strip);
        }
    }

    /// <summary>One Tesseract pass over an image with an engine borrowed from the pool.</summary>
    private (string Text, float Confidence, IReadOnlyList<OcrWord> Words) Read(NativePool pool, IntPtr pix, Recognition recognition, bool withText)
    {
        var engine = pool.Borrow();
        try
        {
            EngineBorrowed?.Invoke();
            TessBaseAPISetImage2(engine, pix);
            TessBaseAPISetSourceResolution(engine, 300);
            var failed = TessBaseAPIRecognize(engine, recognition.Monitor) != 0;
            recognition.Cancellation.ThrowIfCancellationRequested();
            if (recognition.Deadline.IsCancellationRequested) throw TimedOut();
            if (failed)
                throw new MediaRejectedException(MediaRejection.Unreadable, "The image could not be read as text.");
            var text = withText ? TakeText(TessBaseAPIGetUTF8Text(engine)) : "";
            return (text, TessBaseAPIMeanTextConf(engine), Words(engine));
        }
        finally
        {
            TessBaseAPIClear(engine);
            pool.Return(engine);
        }
    }

    private MediaRejectedException TimedOut() =>
        new(MediaRejection.Unreadable, $"Reading the image took longer than {_limits.Value.RecognitionTimeout.TotalSeconds:0} seconds.");

    /// <summary>The planned lines copied from the page onto one white strip, each at its place in the plan.</summary>
    private static IntPtr Cut(IntPtr page, SecondOpinion.Strip plan)
    {
        var strip = pixCreate(plan.Width, plan.Height, 8);
        if (strip == IntPtr.Zero) throw new InvalidOperationException("leptonica could not allocate the re-read strip.");
        pixSetAll(strip);
        foreach (var line in plan.Lines)
            pixRasterop(strip, SecondOpinion.Gap, line.StripTop, line.Width, line.Height, CopySource, page, line.Left, line.Top);
        return strip;
    }

    [UnmanagedCallersOnly]
    private static byte StopRequested(IntPtr cancelThis, int words) =>
        ((CancellationTokenSource)GCHandle.FromIntPtr(cancelThis).Target!).IsCancellationRequested ? (byte)1 : (byte)0;

    /// <summary>The page as <see cref="Preprocess"/> makes it, from <see cref="_prepared"/> when this image was prepared at this
    /// width before, and whether the image was damaged (<see cref="Decode"/>); the caller destroys the page.</summary>
    private (IntPtr Page, bool Damaged) Prepare(byte[] image, int width)
    {
        var pages = _prepared.GetOrCreateValue(image);
        if (pages.TryGetValue(width, out var prepared)) return (prepared.ToPix(), prepared.Damaged);
        PagePrepared?.Invoke();
        var (pix, damaged) = Preprocess(image, width);
        pages.TryAdd(width, PreparedPage.Of(pix, damaged));
        return (pix, damaged);
    }

    private static (IntPtr Page, bool Damaged) Preprocess(byte[] image, int width)
    {
        var (pix, damaged) = Decode(image, width);
        if (pix == IntPtr.Zero)
            throw new MediaRejectedException(MediaRejection.Unreadable, "The image is damaged and could not be decoded.");

        // Luminance keeps faint blue and purple thermal print that a plain channel average washes out.
        pix = Replace(pix, pixGetDepth(pix) == 32 ? pixConvertRGBToLuminance(pix) : pixConvertTo8(pix, 0));
        // Receipt text is read best at ~1000 px across a receipt (≈ 300 DPI for 80 mm paper): narrow scans are
        // enlarged, large photos reduced, which also averages out their sensor noise.
        var scale = width / (float)pixGetWidth(pix);
        if (Math.Abs(scale - 1f) > 0.05f)
            pix = Replace(pix, scale > 1f ? pixScaleGrayLI(pix, scale, scale) : pixScale(pix, scale, scale));
        pix = Replace(pix, pixFindSkewAndDeskew(pix, 2, out _, out _));
        // Local contrast normalisation evens out faded print, shadows and paper tone. No binarisation here:
        // on real SROIE scans, Tesseract's own thresholding of the grey image read more than Otsu or Sauvola did.
        pix = Replace(pix, pixContrastNorm(IntPtr.Zero, pix, 50, 50, 130, 2, 2));
        return (pix, damaged);
    }

    /// <summary>
    /// The image decoded for a page <paramref name="width"/> wide: a JPEG from its luminance alone when it is grey
    /// (<see cref="IsGreyJpeg"/>), else whole, and reduced as it is decoded when it is far wider (<see cref="Reduction"/>). A JPEG whose
    /// data is corrupt part-way (cut off in transfer, a bad Huffman code, a stray marker libjpeg can step over) is decoded as far
    /// as libjpeg can and said to be damaged: leptonica's default discards the whole image at libjpeg's first warning of
    /// corrupt data, although the rows before it are intact. Damaged is libjpeg's count of those warnings, which the same decode
    /// keeps anyway: a clean JPEG costs nothing more. What libjpeg cannot step over (a broken header, a table marker in the
    /// middle of the data) still decodes to nothing (docs/receipts.md, eleventh round).
    /// </summary>
    internal static unsafe (IntPtr Pix, bool Damaged) Decode(byte[] image, int width)
    {
        fixed (byte* data = image)
        {
            // leptonica's own test for a JPEG (findFileFormatBuffer): what pixReadMem would hand to pixReadMemJpeg.
            if (image is not [0xFF, 0xD8, ..]) return (pixReadMem(data, (nuint)image.Length), false);
            var hint = JpegContinueWithBadData | (IsGreyJpeg(image) ? JpegReadLuminance : 0);
            var pix = pixReadMemJpeg(data, (nuint)image.Length, 0, Reduction(image, width), out var warnings, hint);
            return (pix, warnings > 0);
        }
    }

    /// <summary>
    /// How much libjpeg shrinks a JPEG as it decodes it (1, 2, 4 or 8): the most that still leaves <see cref="Preprocess"/>
    /// scaling it down below 0.7, where leptonica's pixScale averages areas (and sharpens) as it does from the whole photo;
    /// nearer the page's <paramref name="width"/> it interpolates instead, which on the SROIE tuning part read 2 totals and 2
    /// dates fewer. libjpeg's scaled inverse DCT makes the smaller image from the same coefficients: a 4,961 × 7,016 scan is
    /// decoded at half size, its quick reading 0.73 → 0.32 s, as many fields right (docs/receipts.md, fourteenth round).
    /// </summary>
    private static unsafe int Reduction(byte[] image, int width)
    {
        fixed (byte* data = image)
        {
            if (readHeaderMemJpeg(data, (nuint)image.Length, out var jpegWidth, out _, out _, out _, out _) != 0) return 1;
            var reduction = 8;
            while (reduction > 1 && jpegWidth / reduction * 0.7 < width) reduction /= 2;
            return reduction;
        }
    }

    /// <summary>
    /// Whether a colour JPEG's pixels are all grey (a scan saved in colour: 187 of the 303 SROIE tuning receipts, the 43 large
    /// photos among them). Such a JPEG is decoded as its luminance alone: libjpeg skips the colour planes and leptonica makes no
    /// colour pixels to turn grey — the same page pixel for pixel at a quarter of the decoding's CPU (a 4,961 × 7,016 scan
    /// 0.73 → 0.19 s). An eighth-size decode (the 8 × 8 blocks' mean colours: ≈ 4 ms, 22 ms for such a scan) tells. A JPEG in colour is decoded whole:
    /// its luminance weighs red, green and blue unlike leptonica's and read 4 dates fewer (docs/receipts.md, tenth round).
    /// </summary>
    internal static unsafe bool IsGreyJpeg(byte[] image)
    {
        if (image is not [0xFF, 0xD8, 0xFF, ..]) return false;
        fixed (byte* data = image)
        {
            var size = (nuint)image.Length;
            // Three channels: YCbCr (or RGB); libjpeg has no luminance of CMYK, and a one-channel JPEG is grey already.
            if (readHeaderMemJpeg(data, size, out _, out _, out var channels, out _, out _) != 0 || channels != 3) return false;
            var small = pixReadMemJpeg(data, size, 0, 8, out _, 0);
            if (small == IntPtr.Zero) return false;
            try
            {
                var (width, height, wpl) = (pixGetWidth(small), pixGetHeight(small), pixGetWpl(small));
                var words = new ReadOnlySpan<uint>((void*)pixGetData(small), wpl * height);
                for (var y = 0; y < height; y++)
                    foreach (var rgb in words.Slice(y * wpl, width))
                        // leptonica's 32-bit pixel: red, green, blue, spare, from the most significant byte.
                        if ((rgb >> 24) != ((rgb >> 16) & 0xff) || (rgb >> 24) != ((rgb >> 8) & 0xff)) return false;
                return true;
            }
            finally
            {
                pixDestroy(ref small);
            }
        }
    }

    /// <summary>Frees the old image when a step produced a new one; keeps the old one when the step failed.
    /// A step that had nothing to do returns a clone (the same Pix, one more reference), which is released.</summary>
    private static IntPtr Replace(IntPtr old, IntPtr next)
    {
        if (next == IntPtr.Zero) return old;
        if (next == old)
        {
            pixDestroy(ref next);
            return old;
        }
        pixDestroy(ref old);
        return next;
    }

    /// <summary>Engines of one language set and page mode, freed only when no scan holds them (<see cref="NativePool"/>).</summary>
    private NativePool Pool(string languages, int pageSegmentationMode) =>
        new(() => Create(languages, pageSegmentationMode), TessBaseAPIDelete, typeof(TesseractOcrEngine));

    private IntPtr Create(string languages, int pageSegmentationMode)
    {
        var engine = TessBaseAPICreate();
        if (TessBaseAPIInit3(engine, _options.TessdataPath, languages) != 0)
        {
            TessBaseAPIDelete(engine);
            throw new InvalidOperationException($"Tesseract could not load '{languages}' from {_options.TessdataPath}.");
        }
        TessBaseAPISetPageSegMode(engine, pageSegmentationMode);
        TessBaseAPISetVariable(engine, "debug_file", "/dev/null");
        foreach (var (name, value) in _options.Variables)
            if (TessBaseAPISetVariable(engine, name, value) == 0)
            {
                TessBaseAPIDelete(engine);
                throw new InvalidOperationException($"Tesseract has no variable '{name}' (Finance:Ocr:Variables).");
            }
        return engine;
    }

    /// <summary>The words of the last recognition, with their boxes and confidences, numbered by line, walked word by word
    /// with Tesseract's result iterator. Its TSV gives the same, but walks the iterator symbol by symbol and asks at each
    /// symbol whether a word begins, which cost ≈ 4× as much (≈ 6 ms a page; docs/receipts.md, eleventh round).</summary>
    internal static IReadOnlyList<OcrWord> Words(IntPtr engine)
    {
        var words = new List<OcrWord>();
        var iterator = TessBaseAPIGetIterator(engine);
        if (iterator == IntPtr.Zero) return words;
        try
        {
            var page = TessResultIteratorGetPageIteratorConst(iterator);
            var (line, lineBegun) = (-1, false);
            do
            {
                lineBegun |= TessPageIteratorIsAtBeginningOf(page, WordLevel.Line) != 0;
                var text = TakeText(TessResultIteratorGetUTF8Text(iterator, WordLevel.Word)).Trim();
                if (text.Length == 0) continue;
                TessPageIteratorBoundingBox(page, WordLevel.Word, out var left, out var top, out var right, out var bottom);
                if (lineBegun) (line, lineBegun) = (line + 1, false);
                words.Add(new OcrWord(text, left, top, right - left, bottom - top, AsPrinted(TessResultIteratorConfidence(iterator, WordLevel.Word)), line));
            }
            while (TessResultIteratorNext(iterator, WordLevel.Word) != 0);
        }
        finally
        {
            TessResultIteratorDelete(iterator);
        }
        return words;
    }

    /// <summary>A confidence rounded to six decimals, as the TSV printed it, so that a reading equals one made, or cached, before.</summary>
    private static float AsPrinted(float confidence) =>
        float.Parse(((double)confidence).ToString("F6", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private IEnumerable<NativePool> Pools => new[] { _page, _thoroughPage, _thoroughLines, _decidingPage, _secondOpinion, _rows }.OfType<NativePool>().Distinct();

    // The slots are not disposed: a scan still running releases its slot when it ends, and a SemaphoreSlim whose wait
    // handle was never asked for holds nothing to free.
    public void Dispose()
    {
        foreach (var pool in Pools) pool.Dispose();
        _paddle?.Dispose();
    }

    /// <summary>Tesseract engines made and not yet freed (loaded models, ~30–60 MB each).</summary>
    internal int EnginesAlive => Pools.Sum(p => p.Alive);

    /// <summary>Completes once the engine is disposed and every Tesseract engine is freed, those of scans still running included.</summary>
    internal Task Freed => Task.WhenAll(Pools.Select(p => p.Freed));

    /// <summary>Called on the scanning thread with a borrowed engine, before the native calls: lets a test hold a scan
    /// there while the engine is disposed.</summary>
    internal Action? EngineBorrowed { get; init; }

    /// <summary>Called when a page is decoded and prepared, not taken from <see cref="_prepared"/>.</summary>
    internal Action? PagePrepared { get; init; }
}
