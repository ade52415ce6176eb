using Finance.Core;

namespace Finance.Media.Ocr.Paddle;

/// <summary>
/// What PP-OCR's recogniser read on one box: its output gives, for each step of <see cref="StepWidth"/> pixels of the line
/// image, a probability for every class (0 the CTC blank, then the characters of the key file, then a space). Greedy CTC:
/// the likeliest class at each step, repeats collapsed, blanks dropped; each character keeps the step it was read at, so
/// its place on the page is known.
/// </summary>
internal static class CtcLine
{
    /// <summary>The recogniser's stride: one step for every 8 pixels of its input.</summary>
    public const int StepWidth = 8;

    public readonly record struct Character(char Text, int Step, float Probability);

    /// <summary>The recogniser's characters (its classes 1 …) from the key file's lines, digits of other scripts made 0–9
    /// (<see cref="Digits.Western"/>): the Chinese model reads a full-width `１２.40` now and then. A few keys are surrogate
    /// pairs, CJK never seen on our receipts: their first half stands for them.</summary>
    public static char[] Characters(IEnumerable<string> keys) => [.. keys.Select(key => Digits.Western(key)[0])];

    /// <summary>The characters read, from <paramref name="probabilities"/> (steps × classes, row by row; classes = the
    /// characters + 2, which <see cref="PaddleOcrReader"/> checks when it loads the models).</summary>
    public static List<Character> Decode(ReadOnlySpan<float> probabilities, int classes, IReadOnlyList<char> characters)
    {
        var read = new List<Character>();
        var previous = 0;
        for (var step = 0; step * classes < probabilities.Length; step++)
        {
            var row = probabilities.Slice(step * classes, classes);
            var best = 0;
            for (var c = 1; c < classes; c++) if (row[c] > row[best]) best = c;
            if (best != 0 && best != previous) read.Add(new Character(best == classes - 1 ? ' ' : characters[best - 1], step, row[best]));
            previous = best;
        }
        return read;
    }

    /// <summary>The words of one box: the characters split at the spaces read, each word placed by its first and last
    /// steps (<paramref name="pageX"/> maps a step's left edge back to the page). Its confidence is its least sure
    /// character's probability, as 0–100: like Tesseract's word confidence, which follows its worst character, so one
    /// doubtful digit makes the reader ask (the mean hid it: `20.98` for 20.80 at a mean of 86.5 was booked).</summary>
    public static IEnumerable<(string Text, float Left, float Right, float Confidence)> Words(IReadOnlyList<Character> read, Func<int, float> pageX)
    {
        var start = 0;
        for (var i = 0; i <= read.Count; i++)
        {
            if (i < read.Count && read[i].Text != ' ') continue;
            if (i > start)
            {
                var word = read.Skip(start).Take(i - start).ToList();
                yield return (new string([.. word.Select(c => c.Text)]), pageX(word[0].Step), pageX(word[^1].Step + 1), 100 * word.Min(c => c.Probability));
            }
            start = i + 1;
        }
    }
}
