using System.ComponentModel.DataAnnotations;

namespace Finance.Media.Ocr;

/// <summary>Tesseract settings (section "Finance:Ocr").</summary>
public sealed class OcrOptions
{
    public const string Section = "Finance:Ocr";

    /// <summary>Tesseract's model names joined by '+': languages in lower case (eng, por), scripts capitalised (Latin).</summary>
    private const string LanguageList = "[A-Za-z_]+(\\+[A-Za-z_]+)*";

    /// <summary>Debian's tesseract-ocr-eng / -por install their traineddata here.</summary>
    [Required]
    public string TessdataPath { get; set; } = "/usr/share/tesseract-ocr/5/tessdata";

    /// <summary>Tesseract language list for the page in <see cref="OcrPass.Quick"/>: "eng" (default; ~0.6× the CPU of
    /// "eng+por": docs/receipts.md) or "eng+por".</summary>
    [Required, RegularExpression(LanguageList)]
    public string Languages { get; set; } = "eng";

    /// <summary>Tesseract model for the page in <see cref="OcrPass.Thorough"/>; the lines it is unsure of get the second
    /// opinion (<see cref="SecondOpinionLanguages"/>). "Latin" (default; Debian's tesseract-ocr-script-latn), a larger
    /// network trained on every Latin-script language, ≈ 1.5× the CPU of "eng". A different network errs on different
    /// receipts: on the SROIE tuning part the cascade with it reads more totals and dates than with "eng+por", a 2× page,
    /// PSM 4/11, sharpening, thicker strokes or the total and date rows read again (docs/receipts.md, fifth round).</summary>
    [Required, RegularExpression(LanguageList)]
    public string ThoroughLanguages { get; set; } = "Latin";

    /// <summary>Whether PP-OCR reads the page in <see cref="OcrPass.Thorough"/>, instead of <see cref="ThoroughLanguages"/>,
    /// when its models are in <see cref="PaddleModelDirectory"/> (default true; false is the off switch, no rebuild needed).
    /// On the SROIE tuning part the cascade with it read 9 totals and 5 dates more (docs/receipts.md, thirteenth round).</summary>
    public bool UsePaddleOcr { get; set; } = true;

    /// <summary>Where PP-OCR's model files are; a relative path is resolved against the application directory, where the
    /// build copies the repository's models/ocr (scripts/fetch-ocr-models.sh fetches them there). No files there: the
    /// thorough pass is Tesseract's.</summary>
    [Required]
    public string PaddleModelDirectory { get; set; } = "models/ocr";

    /// <summary>The PP-OCR model directory as an absolute path.</summary>
    public string PaddleModelDirectoryPath => Path.IsPathRooted(PaddleModelDirectory) ? PaddleModelDirectory : Path.Combine(AppContext.BaseDirectory, PaddleModelDirectory);

    /// <summary>Tesseract model for <see cref="OcrPass.Deciding"/>, the third reading of a receipt its quick and thorough
    /// readings leave in doubt (different totals, no date, no total either is sure of). "Latin" (default) on a larger page
    /// than the thorough pass's mended the most on the SROIE tuning part (docs/receipts.md, seventh round).</summary>
    [Required, RegularExpression(LanguageList)]
    public string DecidingLanguages { get; set; } = "Latin";

    /// <summary>Tesseract page segmentation mode of the deciding reading.</summary>
    [Range(0, 13)]
    public int DecidingPageSegmentationMode { get; set; } = 6;

    /// <summary>Page width (px) the deciding reading scales the receipt to; the other passes read it at 1000 px. At 1400 px it
    /// finds small or faint dates both 1000-px readings missed.</summary>
    [Range(600, 3000)]
    public int DecidingPageWidth { get; set; } = 1400;

    /// <summary>Language list for a second reading of unsure lines (<see cref="SecondOpinionBelowConfidence"/>) in the
    /// thorough pass (and the quick one with <see cref="QuickSecondOpinion"/>): "eng+por" (default); empty: none.</summary>
    [RegularExpression("^(" + LanguageList + ")?$")]
    public string SecondOpinionLanguages { get; set; } = "eng+por";

    /// <summary>Whether the quick pass's unsure lines get the second opinion too (the thorough pass's always do). Off: the
    /// quick pass is the <see cref="Languages"/> page alone, and a receipt it leaves in doubt is read thoroughly
    /// (docs/receipts.md, fifth round).</summary>
    public bool QuickSecondOpinion { get; set; }

    /// <summary>A line holding a word with a digit read below this confidence (0–100) is read again; 0: never.
    /// 45 was chosen on the SROIE tuning receipts (docs/receipts.md): at 60 the wider set re-read more totals the page
    /// had right, and wrongly, than it mended.</summary>
    [Range(0, 100)]
    public float SecondOpinionBelowConfidence { get; set; } = 45;

    /// <summary>Tesseract page segmentation mode; 6 (one uniform block) keeps a label and its right-aligned amount on one line; 4 often drops the amount column.</summary>
    [Range(0, 13)]
    public int PageSegmentationMode { get; set; } = 6;

    /// <summary>Tesseract variables set on every engine (Finance__Ocr__Variables__NAME=VALUE). By default Tesseract
    /// re-reads every line it is unsure of as white on black too, which receipts never print: that costs time and reads nothing.</summary>
    public Dictionary<string, string> Variables { get; set; } = new() { ["tessedit_do_invert"] = "0" };

    /// <summary>Tesseract model that reads single rows again, enlarged (<see cref="IOcrEngine.ReadRowsAsync"/>): a network other
    /// than the quick pass's, so that the two readings err on different receipts ("Latin"; "eng" read as many totals).</summary>
    [Required, RegularExpression(LanguageList)]
    public string RowLanguages { get; set; } = "Latin";

    /// <summary>How much a row is enlarged before it is read (2: at 3× the row reading read fewer SROIE tuning totals).</summary>
    [Range(1.0, 4.0)]
    public float RowScale { get; set; } = 2;

    /// <summary>How much a date's row is enlarged before it is read again (a total's: <see cref="RowScale"/>). 3: on the SROIE
    /// tuning part the date's rows read at 3× or 3.5× mended two dates, at 2× or 2.5× one, at 4× one, and read a wrong date
    /// where none was found (docs/receipts.md, tenth round).</summary>
    [Range(1.0, 4.0)]
    public float DateRowScale { get; set; } = 3;

    /// <summary>Whether a row is binarised on its own before it is read. None (default): on the SROIE tuning part the grey row
    /// read 245 totals, Sauvola 239, Otsu 218 (docs/receipts.md, ninth round): binarising loses faint strokes the LSTM reads in
    /// grey, and Tesseract's own threshold of a row is already the row's.</summary>
    public RowBinarisation RowBinarisation { get; set; } = RowBinarisation.None;

    /// <summary>Sauvola's k: how much darker than its surroundings a pixel must be to count as ink.</summary>
    [Range(0.05, 0.6)]
    public float RowSauvolaFactor { get; set; } = 0.34f;

    /// <summary>Every Tesseract model these settings name (every pass's page and the second opinion), each once.</summary>
    public IEnumerable<string> Models() =>
        new[] { Languages, ThoroughLanguages, DecidingLanguages, SecondOpinionLanguages, RowLanguages }.SelectMany(list => list.Split('+', StringSplitOptions.RemoveEmptyEntries)).Distinct();

    /// <summary>Whether libtesseract's calls to write its row images and to open OpenMP regions are pointed at cheaper
    /// equivalents in its own import table (<see cref="RawRowImages"/>, <see cref="SerialOpenMp"/>): every reading the same
    /// word for word, ≈ 15 % less CPU (docs/receipts.md, eleventh round). It patches a library in memory, so an operator who
    /// suspects it can turn it off (false) without a rebuild; read by the first engine a process makes.</summary>
    public bool RedirectTesseractImports { get; set; } = true;

    /// <summary>Concurrent scans (each keeps one engine per language set ready, ~30–60 MB each); 0 means one per core.</summary>
    [Range(0, 64)]
    public int MaxConcurrentEngines { get; set; }
}

/// <summary>How a row read again is binarised (<see cref="OcrOptions.RowBinarisation"/>).</summary>
public enum RowBinarisation
{
    /// <summary>The enlarged grey row as it is: Tesseract thresholds it itself.</summary>
    None,

    /// <summary>Leptonica's Sauvola: a threshold from each pixel's neighbourhood.</summary>
    Sauvola,

    /// <summary>Leptonica's Otsu over the row alone.</summary>
    Otsu,
}
