using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Finance.Media;
using Finance.Media.Ocr;
using Finance.Understanding.Receipts;

namespace Finance.Cli;

/// <summary>
/// `finance ocr --eval DIR`: total, date and merchant accuracy and time per receipt on a folder of
/// receipts with SROIE key files (NNN.jpg beside NNN.json: company, date, total). See scripts/fetch-sroie.sh.
/// <list type="bullet">
/// <item>total: the amount read equals the key's amount (its "RM"/"$" dropped);</item>
/// <item>date: the date read equals the key's date (keys are Malaysian: day first, or year first when it has four digits);</item>
/// <item>merchant: equal after <see cref="MerchantKey"/> (upper case, letters and digits only, legal forms
/// such as SDN BHD, S/B, (M) dropped, also as OCR misreads them: SON BHD), allowing one wrong character in ten.</item>
/// </list>
/// </summary>
internal static partial class OcrEvaluation
{
    private sealed record Key(string? Company, DateOnly? Date, decimal? Total);

    /// <param name="Quick">The quick reading's fields alone; <paramref name="Thorough"/> and <paramref name="Deciding"/> the
    /// thorough and deciding ones', when they were read.</param>
    /// <param name="CpuSeconds">The OCR's CPU time of the passes the scanner read (as measured when read, also from the cache).</param>
    /// <param name="ReadingCpuSeconds">The same passes' reading threads' CPU alone (<see cref="OcrResult.Cpu"/>); null when a
    /// reading has none (refused, or cached before the engine measured it).</param>
    private sealed record Outcome(string Name, Key Key, ReceiptFields Fields, ReceiptFields Quick, ReceiptFields? Thorough,
        ReceiptFields? Deciding, bool ReadTwice, bool ReadThrice, bool LinesChecked, bool RowsRead, double Seconds, double CpuSeconds,
        double? ReadingCpuSeconds, bool Damaged)
    {
        public bool Total => Right(Fields).Total;
        public bool Date => Right(Fields).Date;
        public bool Merchant => Right(Fields).Merchant;

        public (bool Total, bool Date, bool Merchant) Right(ReceiptFields fields) =>
            (Key.Total is { } t && fields.Total == t, Key.Date is { } d && fields.Date == d, Key.Company is { } c && SameMerchant(fields.Merchant, c));
    }

    /// <param name="ocrCache">When given, each pass's OCR result of each receipt is kept there (NNN.quick.json,
    /// NNN.thorough.json, with what it cost) and reused, so tuning the field reader or the cascade reruns in seconds.</param>
    /// <param name="allPasses">Read the thorough pass of every receipt too (the scanner stops after the quick one when
    /// sure), to report each pass alone beside the cascade.</param>
    public static async Task<int> RunAsync(IOcrEngine ocr, string folder, string? ocrCache, bool allPasses, bool verbose, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            Console.Error.WriteLine($"no such folder: {folder} (scripts/fetch-sroie.sh puts receipts in /tmp/sroie/tune and /tmp/sroie/holdout)");
            return 2;
        }
        var images = Directory.GetFiles(folder, "*.jpg").Where(f => File.Exists(Path.ChangeExtension(f, ".json"))).Order().ToList();
        if (images.Count == 0)
        {
            Console.Error.WriteLine($"no receipts (NNN.jpg with NNN.json) in {folder}");
            return 2;
        }

        if (ocrCache is not null) Directory.CreateDirectory(ocrCache);
        var engine = new CachingEngine(ocr, ocrCache);
        var scanner = new ReceiptScanner(engine);
        var outcomes = new List<Outcome>();
        foreach (var image in images)
        {
            var key = ReadKey(Path.ChangeExtension(image, ".json"));
            var name = Path.GetFileNameWithoutExtension(image);
            var bytes = await File.ReadAllBytesAsync(image, cancellationToken);
            engine.Begin(name);
            ReceiptScan? scan;
            try
            {
                scan = await scanner.ScanReceiptAsync(bytes, cancellationToken);
            }
            catch (MediaRejectedException)
            {
                // A damaged scan, or one the deadline stopped, counts as a receipt read wrong on every field, as a user would see it.
                scan = null;
            }
            var scanned = engine.Calls.ToList();
            if (allPasses)
                foreach (var pass in Enum.GetValues<OcrPass>().Where(p => !scanned.Any(c => c.Pass == p)))
                    await engine.ReadOrEmptyAsync(bytes, pass, cancellationToken);
            var readings = engine.Calls.Where(c => c.Pass is not null).ToDictionary(c => c.Pass!.Value, c => c.Reading.Result is { } r ? ReceiptReader.Read(r.Text, r.Words) : ReceiptFields.None);
            var outcome = new Outcome(name, key, scan?.Fields ?? ReceiptFields.None, readings[OcrPass.Quick], readings.GetValueOrDefault(OcrPass.Thorough),
                readings.GetValueOrDefault(OcrPass.Deciding), scan?.ReadTwice ?? scanned.Any(c => c.Pass == OcrPass.Thorough),
                scan?.ReadThrice ?? scanned.Any(c => c.Pass == OcrPass.Deciding), scan?.LinesChecked ?? false, scan?.RowsRead ?? false,
                scanned.Sum(c => c.Reading.Seconds), scanned.Sum(c => c.Reading.CpuSeconds), ReadingCpu(scanned.Select(c => c.Reading)),
                scan?.Damaged ?? false);
            outcomes.Add(outcome);
            if (verbose)
            {
                var fields = outcome.Fields;
                MediaCommandLine.WriteLine(new
                {
                    file = outcome.Name,
                    total = Mark(outcome.Total, fields.Total?.ToString(CultureInfo.InvariantCulture), key.Total?.ToString(CultureInfo.InvariantCulture)),
                    date = Mark(outcome.Date, fields.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), key.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    merchant = Mark(outcome.Merchant, fields.Merchant, key.Company),
                    confident = fields.TotalConfident,
                    candidates = fields.TotalCandidates,
                    totalConfidence = Math.Round(fields.TotalConfidence, 1),
                    readTwice = outcome.ReadTwice,
                    readThrice = outcome.ReadThrice,
                    linesChecked = outcome.LinesChecked,
                    rowsRead = outcome.RowsRead,
                    damaged = outcome.Damaged,
                    check = Lines(engine, Check) is { } checkReading ? Summary(outcome, ReceiptReader.Read(checkReading.Text, checkReading.Words)) : null,
                    rows = Lines(engine, Rows) is { } rowsReading ? Summary(outcome, ReceiptReader.Read(rowsReading.Text, rowsReading.Words)) : null,
                    cpuSeconds = Math.Round(outcome.CpuSeconds, 3),
                    readingCpuSeconds = outcome.ReadingCpuSeconds is { } readingCpu ? Math.Round(readingCpu, 3) : (double?)null,
                    quick = Summary(outcome, outcome.Quick),
                    thorough = outcome.Thorough is { } t ? Summary(outcome, t) : null,
                    deciding = outcome.Deciding is { } d ? Summary(outcome, d) : null,
                });
            }
        }

        var confident = outcomes.Where(o => o.Fields.TotalConfident).ToList();
        Console.WriteLine($"receipts: {outcomes.Count} in {folder}");
        Console.WriteLine(Line("total", outcomes.Count(o => o.Total), outcomes.Count(o => o.Key.Total is not null)));
        Console.WriteLine(Line("date", outcomes.Count(o => o.Date), outcomes.Count(o => o.Key.Date is not null)));
        Console.WriteLine(Line("merchant", outcomes.Count(o => o.Merchant), outcomes.Count(o => o.Key.Company is not null)));
        Console.WriteLine(Line("total when confident", confident.Count(o => o.Total), confident.Count) + $"  ({confident.Count} of {outcomes.Count} booked without asking)");
        Console.WriteLine($"read twice: {outcomes.Count(o => o.ReadTwice)} of {outcomes.Count} (the quick reading left the reader unsure)");
        Console.WriteLine($"checked, not read twice: {outcomes.Count(o => o.LinesChecked)} of {outcomes.Count} (another network read the total's and the date's lines alike)");
        Console.WriteLine($"read three times: {outcomes.Count(o => o.ReadThrice)} of {outcomes.Count} (the two readings left the total or the date in doubt)");
        Console.WriteLine($"rows read again: {outcomes.Count(o => o.RowsRead)} of {outcomes.Count} (the readings named different totals, none surely, or left the date unsettled)");
        if (outcomes.Any(o => o.Damaged))
            Console.WriteLine($"damaged, read from what decoded: {outcomes.Count(o => o.Damaged)} of {outcomes.Count} (total right on {outcomes.Count(o => o.Damaged && o.Total)}, booked without asking {outcomes.Count(o => o.Damaged && o.Fields.TotalConfident)}; the reply says it was damaged)");
        var cpu = outcomes.Select(o => o.CpuSeconds).Order().ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"CPU per receipt:  p50 {Percentile(cpu, 0.5):0.000} s  p90 {Percentile(cpu, 0.9):0.000} s  (OCR of the passes read, one receipt at a time: what it costs on an idle core; the field reader adds ~15 ms a reading)"));
        // The process's CPU also holds what the runtime does meanwhile on other threads (compiling this program's own
        // code to its faster tier, collecting garbage): the reading threads' CPU is the reading's alone.
        if (outcomes.All(o => o.ReadingCpuSeconds is not null))
        {
            var reading = outcomes.Select(o => o.ReadingCpuSeconds!.Value).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  reading threads' CPU per receipt:  p50 {Percentile(reading, 0.5):0.000} s  p90 {Percentile(reading, 0.9):0.000} s  (the same passes, without the rest of the process)"));
        }
        foreach (var kind in Enum.GetValues<OcrPass>().Select(p => p.ToString().ToLowerInvariant()).Append(Check).Append(Rows))
        {
            var calls = engine.All.Where(c => c.Kind == kind).ToList();
            if (calls.Count == 0) continue;
            var passCpu = calls.Select(c => c.Reading.CpuSeconds).Order().ToList();
            var wall = calls.Select(c => c.Reading.Seconds).Order().ToList();
            var thread = ReadingCpu(calls.Select(c => c.Reading)) is null ? null : calls.Select(c => c.Reading.Result!.Cpu!.Value.TotalSeconds).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {kind,-9} pass: CPU p50 {Percentile(passCpu, 0.5):0.000} s  p90 {Percentile(passCpu, 0.9):0.000} s{(thread is null ? "" : $"  reading thread p50 {Percentile(thread, 0.5):0.000} s")}  wall p50 {Percentile(wall, 0.5):0.000} s  ({calls.Count} readings, {calls.Count(c => !c.Cached)} read now, {calls.Count(c => c.Reading.Result is null)} refused)"));
        }
        if (engine.Fresh > 0)
            Console.WriteLine($"  ({engine.Fresh} readings read in this run; the others' costs are as the cache recorded them; each pass's first reading was read once more, uncounted, with the field reader, until the runtime's compiler was quiet: a host that has run a while pays no JIT)");
        PassAlone("quick", outcomes.Select(o => (o, (ReceiptFields?)o.Quick)).ToList());
        PassAlone("thorough", outcomes.Select(o => (o, o.Thorough)).ToList());
        PassAlone("deciding", outcomes.Select(o => (o, o.Deciding)).ToList());
        return 0;
    }

    /// <summary>One pass's fields alone over all receipts, when every receipt has that pass's reading.</summary>
    private static void PassAlone(string pass, List<(Outcome Outcome, ReceiptFields? Fields)> readings)
    {
        if (readings.Any(r => r.Fields is null)) return;
        var right = readings.Select(r => (r.Outcome, r.Fields!, r.Outcome.Right(r.Fields!))).ToList();
        var confident = right.Where(r => r.Item2.TotalConfident).ToList();
        Console.WriteLine($"{pass} reading alone:");
        Console.WriteLine("  " + Line("total", right.Count(r => r.Item3.Total), right.Count(r => r.Outcome.Key.Total is not null)));
        Console.WriteLine("  " + Line("date", right.Count(r => r.Item3.Date), right.Count(r => r.Outcome.Key.Date is not null)));
        Console.WriteLine("  " + Line("merchant", right.Count(r => r.Item3.Merchant), right.Count(r => r.Outcome.Key.Company is not null)));
        Console.WriteLine("  " + Line("total when confident", confident.Count(r => r.Item3.Total), confident.Count) + $"  ({confident.Count} booked without asking)");
    }

    private static object Summary(Outcome outcome, ReceiptFields fields)
    {
        var (total, date, merchant) = outcome.Right(fields);
        return new
        {
            total = fields.Total?.ToString(CultureInfo.InvariantCulture),
            totalOk = total,
            confident = fields.TotalConfident,
            confirmed = fields.TotalConfirmed,
            totalConfidence = Math.Round(fields.TotalConfidence, 1),
            named = fields.NamedTotals,
            date = fields.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            dateOk = date,
            dateInDoubt = fields.DateInDoubt,
            merchant = fields.Merchant,
            merchantOk = merchant,
        };
    }

    /// <summary>The cache's names for the lines the scanner checks and the rows it reads again (NNN.check.json, NNN.rows.json).</summary>
    private const string Check = "check", Rows = "rows";

    /// <summary>The current receipt's reading of some of its lines (<paramref name="kind"/>), when the scanner asked for one.</summary>
    private static OcrResult? Lines(CachingEngine engine, string kind) => engine.Calls.FirstOrDefault(c => c.Kind == kind).Reading?.Result;

    /// <summary>One pass's reading of one receipt as the cache keeps it: the OCR result (null: refused) and what it cost.</summary>
    private sealed record Reading(OcrResult? Result, double Seconds, double CpuSeconds);

    /// <summary>The readings' threads' CPU together, or null when one of them has none.</summary>
    private static double? ReadingCpu(IEnumerable<Reading> readings)
    {
        var seconds = 0.0;
        foreach (var reading in readings)
        {
            if (reading.Result?.Cpu is not { } cpu) return null;
            seconds += cpu.TotalSeconds;
        }
        return seconds;
    }

    /// <summary>The engine behind a per-pass cache that notes what each reading cost. Receipts are read one at a time,
    /// so the process's CPU time around a reading is that reading's, with what the runtime did meanwhile on other threads
    /// (<see cref="OcrResult.Cpu"/> leaves that out).</summary>
    private sealed class CachingEngine(IOcrEngine engine, string? cache) : IOcrEngine
    {
        private readonly HashSet<string> _warm = [];
        private string _receipt = "";

        /// <summary>The readings of the current receipt; a null pass is some of its lines read again (<see cref="Check"/>,
        /// <see cref="Rows"/>).</summary>
        public List<(OcrPass? Pass, string Kind, Reading Reading, bool Cached)> Calls { get; } = [];

        /// <summary>Every reading of the run.</summary>
        public List<(OcrPass? Pass, string Kind, Reading Reading, bool Cached)> All { get; } = [];

        public int Fresh => All.Count(c => !c.Cached);

        public void Begin(string receipt)
        {
            _receipt = receipt;
            Calls.Clear();
        }

        public async Task ReadOrEmptyAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken)
        {
            try
            {
                await RecognizeAsync(image, pass, cancellationToken);
            }
            catch (MediaRejectedException)
            {
                // Noted as refused.
            }
        }

        public Task<OcrResult> RecognizeAsync(byte[] image, OcrPass pass, CancellationToken cancellationToken) =>
            ReadAsync(pass, pass.ToString().ToLowerInvariant(), image, bytes => engine.RecognizeAsync(bytes, pass, cancellationToken), cancellationToken);

        public Task<OcrResult> RereadLinesAsync(byte[] image, OcrResult page, IReadOnlySet<int> lines, CancellationToken cancellationToken) =>
            ReadAsync(null, Check, image, bytes => engine.RereadLinesAsync(bytes, page, lines, cancellationToken), cancellationToken);

        public Task<OcrResult> ReadRowsAsync(byte[] image, OcrResult page, IReadOnlyDictionary<int, RowField> lines, CancellationToken cancellationToken) =>
            ReadAsync(null, Rows, image, bytes => engine.ReadRowsAsync(bytes, page, lines, cancellationToken), cancellationToken);

        private async Task<OcrResult> ReadAsync(OcrPass? pass, string kind, byte[] image, Func<byte[], Task<OcrResult>> read, CancellationToken cancellationToken)
        {
            var file = cache is null ? null : Path.Combine(cache, $"{_receipt}.{kind}.json");
            var cached = file is not null && File.Exists(file);
            Reading reading;
            if (cached)
                reading = JsonSerializer.Deserialize<Reading>(await File.ReadAllTextAsync(file!, cancellationToken))!;
            else
            {
                // The first reading of a pass loads its Tesseract models; that is not a receipt's time. It reads a copy of
                // the image: the engine keeps the page it prepared per image array, and the reading counted must prepare its own.
                if (_warm.Add(kind)) await WarmAsync(() => read(image.ToArray()));
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                OcrResult? result;
                try
                {
                    result = await read(image);
                }
                catch (MediaRejectedException)
                {
                    result = null;
                }
                reading = new Reading(result, clock.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
                if (file is not null) await File.WriteAllTextAsync(file, JsonSerializer.Serialize(reading), cancellationToken);
            }
            Calls.Add((pass, kind, reading, cached));
            All.Add((pass, kind, reading, cached));
            return reading.Result ?? throw new MediaRejectedException(MediaRejection.Unreadable, "The OCR refused this image (as noted in the cache).");
        }

        /// <summary>A pass's first reading, read once before it is counted, and the field reader run on it until the runtime
        /// compiles it to its faster tier: a host that has run a while pays no JIT, so no receipt's CPU should hold it
        /// (on the first ten receipts of a run, a fifth to a quarter of the process's CPU; docs/receipts.md, ninth round).</summary>
        private static async Task WarmAsync(Func<Task<OcrResult>> read)
        {
            try
            {
                var warm = await read();
                // The runtime recompiles a method called 30 times.
                for (var i = 0; i < 40; i++) ReceiptReader.Read(warm.Text, warm.Words);
            }
            catch (MediaRejectedException)
            {
                // Warming only.
            }
            await JitQuietAsync();
        }

        /// <summary>Waits until the runtime's background compiler has compiled nothing for half a second (ten seconds at most).</summary>
        private static async Task JitQuietAsync()
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            for (var (quiet, waited) = (0, 0); quiet < 5 && waited < 100; waited++)
            {
                await Task.Delay(100);
                var now = JitInfo.GetCompiledMethodCount();
                quiet = now == compiled ? quiet + 1 : 0;
                compiled = now;
            }
        }
    }

    private static string Mark(bool right, string? read, string? expected) =>
        right ? $"ok {read}" : $"WRONG {read ?? "-"} (key {expected ?? "-"})";

    private static string Line(string field, int right, int of) =>
        string.Create(CultureInfo.InvariantCulture, $"{field,-21} {(of == 0 ? 0 : 100.0 * right / of),5:0.0} %  ({right}/{of})");

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Count) - 1];

    // ---- key files ----

    private static Key ReadKey(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(path));
        string? Field(string name) => json.RootElement.TryGetProperty(name, out var v) && v.GetString() is { Length: > 0 } s ? s : null;
        return new Key(Field("company"), KeyDate(Field("date")), KeyTotal(Field("total")));
    }

    private static decimal? KeyTotal(string? text) =>
        text is not null && decimal.TryParse(Regex.Replace(text, @"[^\d.]", ""), NumberStyles.Number, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    /// <summary>Key dates as SROIE prints them: 19/10/2018, 18-11-18, 2018-03-18, 05 MAR 2018, 11-APR-2018, 20180318, 12/28/2017.</summary>
    private static DateOnly? KeyDate(string? text)
    {
        if (text is null) return null;
        var parts = Regex.Split(text.Trim().ToUpperInvariant(), @"[\s/.\-]+");
        if (parts.Length == 1 && parts[0].Length == 8)
            parts = parts[0].StartsWith("20", StringComparison.Ordinal) ? [parts[0][..4], parts[0][4..6], parts[0][6..]] : [parts[0][..2], parts[0][2..4], parts[0][4..]];
        if (parts.Length != 3) return null;
        var (day, month, year) = parts[0].Length == 4 ? (parts[2], parts[1], parts[0]) : (parts[0], parts[1], parts[2]);
        var m = Array.IndexOf(Months, month.Length >= 3 ? month[..3] : "") + 1;
        if (m == 0 && !int.TryParse(month, out m)) return null;
        if (!int.TryParse(day, out var d) || !int.TryParse(year, out var y)) return null;
        if (y < 100) y += 2000;
        // "12/28/2017": a key printed month first, as its receipt is, when no calendar reads it day first.
        if (m > 12 && d <= 12 && parts[1].All(char.IsAsciiDigit)) (d, m) = (m, d);
        return m is >= 1 and <= 12 && d >= 1 && d <= DateTime.DaysInMonth(y, m) ? new DateOnly(y, m, d) : null;
    }

    // ---- merchant comparison ----

    [GeneratedRegex(@"\b(S[DO0]N\.?\s*B[HI1][DO0]|S\s*/?\s*B|BH[DO]|BERHAD|PLC|LTD|LLC|INC|CO)\b\.?|\(M\)|\bM\b")]
    private static partial Regex LegalForm();

    /// <summary>Upper case, legal forms dropped (SDN BHD, S/B, (M) …), then letters and digits only.</summary>
    internal static string MerchantKey(string name)
    {
        var upper = LegalForm().Replace(name.ToUpperInvariant(), " ");
        var key = new StringBuilder();
        foreach (var c in upper.Normalize(NormalizationForm.FormD))
            if (char.IsAsciiLetterOrDigit(c)) key.Append(c);
        return key.ToString();
    }

    internal static bool SameMerchant(string? read, string expected)
    {
        if (read is null) return false;
        var (a, b) = (MerchantKey(read), MerchantKey(expected));
        return b.Length > 0 && Levenshtein(a, b) <= b.Length / 10;
    }

    private static int Levenshtein(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1], previous[j]) + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
