using System.Diagnostics;
using System.Globalization;
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

    private sealed record Outcome(string Name, Key Key, ReceiptFields Fields, double? Seconds, double? CpuSeconds)
    {
        public bool Total => Key.Total is { } t && Fields.Total == t;
        public bool Date => Key.Date is { } d && Fields.Date == d;
        public bool Merchant => Key.Company is { } c && SameMerchant(Fields.Merchant, c);
    }

    /// <param name="ocrCache">When given, OCR results are kept there and reused, so tuning the field reader
    /// reruns in seconds; receipts read from the cache have no time.</param>
    public static async Task<int> RunAsync(IOcrEngine ocr, string folder, string? ocrCache, bool verbose, CancellationToken cancellationToken)
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

        var warm = false;
        if (ocrCache is not null) Directory.CreateDirectory(ocrCache);
        var outcomes = new List<Outcome>();
        foreach (var image in images)
        {
            var key = ReadKey(Path.ChangeExtension(image, ".json"));
            var cached = ocrCache is null ? null : Path.Combine(ocrCache, Path.GetFileNameWithoutExtension(image) + ".ocr.json");
            ReceiptFields fields;
            double? seconds = null, cpuSeconds = null;
            if (cached is not null && File.Exists(cached))
            {
                var page = JsonSerializer.Deserialize<OcrResult>(await File.ReadAllTextAsync(cached, cancellationToken))!;
                fields = ReceiptReader.Read(page.Text, page.Words);
            }
            else
            {
                var bytes = await File.ReadAllBytesAsync(image, cancellationToken);
                // The first scan loads Tesseract's models; that is not a receipt's time.
                if (!warm) await RecognizeOrEmptyAsync(ocr, bytes, cancellationToken);
                warm = true;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var clock = Stopwatch.StartNew();
                // A damaged scan counts as a receipt read wrong on every field, as a user would see it.
                var page = await RecognizeOrEmptyAsync(ocr, bytes, cancellationToken);
                fields = ReceiptReader.Read(page.Text, page.Words);
                seconds = clock.Elapsed.TotalSeconds;
                cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                if (cached is not null) await File.WriteAllTextAsync(cached, JsonSerializer.Serialize(page), cancellationToken);
            }
            var outcome = new Outcome(Path.GetFileNameWithoutExtension(image), key, fields, seconds, cpuSeconds);
            outcomes.Add(outcome);
            if (verbose)
                MediaCommandLine.WriteLine(new
                {
                    file = outcome.Name,
                    total = Mark(outcome.Total, fields.Total?.ToString(CultureInfo.InvariantCulture), key.Total?.ToString(CultureInfo.InvariantCulture)),
                    date = Mark(outcome.Date, fields.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), key.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    merchant = Mark(outcome.Merchant, fields.Merchant, key.Company),
                    confident = fields.TotalConfident,
                    candidates = fields.TotalCandidates,
                    totalConfidence = Math.Round(fields.TotalConfidence, 1),
                    seconds = outcome.Seconds is { } s ? Math.Round(s, 3) : (double?)null,
                });
        }

        var times = outcomes.Where(o => o.Seconds is not null).Select(o => o.Seconds!.Value).Order().ToList();
        var cpuTimes = outcomes.Where(o => o.CpuSeconds is not null).Select(o => o.CpuSeconds!.Value).Order().ToList();
        var confident = outcomes.Where(o => o.Fields.TotalConfident).ToList();
        Console.WriteLine($"receipts: {outcomes.Count} in {folder}");
        Console.WriteLine(Line("total", outcomes.Count(o => o.Total), outcomes.Count(o => o.Key.Total is not null)));
        Console.WriteLine(Line("date", outcomes.Count(o => o.Date), outcomes.Count(o => o.Key.Date is not null)));
        Console.WriteLine(Line("merchant", outcomes.Count(o => o.Merchant), outcomes.Count(o => o.Key.Company is not null)));
        Console.WriteLine(Line("total when confident", confident.Count(o => o.Total), confident.Count) + $"  ({confident.Count} of {outcomes.Count} booked without asking)");
        if (times.Count > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"time per receipt: p50 {Percentile(times, 0.5):0.000} s  p90 {Percentile(times, 0.9):0.000} s  max {times[^1]:0.000} s  ({times.Count} timed, OCR and reading, one at a time)\n" +
                $"CPU per receipt:  p50 {Percentile(cpuTimes, 0.5):0.000} s  p90 {Percentile(cpuTimes, 0.9):0.000} s  (what it costs on an idle core; wall time grows when the machine is busy)"));
        return 0;
    }

    private static async Task<OcrResult> RecognizeOrEmptyAsync(IOcrEngine ocr, byte[] image, CancellationToken cancellationToken)
    {
        try
        {
            return await ocr.RecognizeAsync(image, OcrPass.Quick, cancellationToken);
        }
        catch (MediaRejectedException)
        {
            return new OcrResult("", 0, []);
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

    /// <summary>Key dates as SROIE prints them: 19/10/2018, 18-11-18, 2018-03-18, 05 MAR 2018, 11-APR-2018, 20180318.</summary>
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
