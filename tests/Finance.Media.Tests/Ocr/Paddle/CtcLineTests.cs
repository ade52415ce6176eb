using Finance.Media.Ocr.Paddle;

namespace Finance.Media.Tests.Ocr.Paddle;

public sealed class CtcLineTests
{
    // Classes: 0 blank, 1–4 the key file's characters, 5 the space.
    private static readonly char[] Keys = CtcLine.Characters(["T", "1", "２", "."]);


    /// <summary>One row of probabilities per step, the named class at 0.9.</summary>
    private static float[] Steps(params int[] classes)
    {
        var probabilities = new float[classes.Length * 6];
        for (var step = 0; step < classes.Length; step++)
        {
            for (var c = 0; c < 6; c++) probabilities[step * 6 + c] = 0.02f;
            probabilities[step * 6 + classes[step]] = 0.9f;
        }
        return probabilities;
    }

    [Fact]
    public void Repeats_collapse_and_a_blank_between_them_keeps_both()
    {
        var read = CtcLine.Decode(Steps(1, 1, 0, 2, 2, 0, 2, 5, 3, 4, 2), 6, Keys);

        Assert.Equal("T11 2.1", new string([.. read.Select(c => c.Text)]));
        Assert.Equal([0, 3, 6, 7, 8, 9, 10], read.Select(c => c.Step));
    }

    [Fact]
    public void A_full_width_digit_is_read_as_its_western_digit()
    {
        Assert.Equal("2", new string([.. CtcLine.Decode(Steps(0, 3, 0), 6, Keys).Select(c => c.Text)]));
    }

    [Fact]
    public void Words_are_split_at_spaces_and_placed_by_their_steps()
    {
        var read = CtcLine.Decode(Steps(1, 0, 1, 5, 5, 2, 4, 2), 6, Keys);

        var words = CtcLine.Words(read, step => 100 + step * 8).ToList();

        Assert.Equal(["TT", "1.1"], words.Select(w => w.Text));
        Assert.Equal((100f, 124f), (words[0].Left, words[0].Right));
        Assert.Equal((140f, 164f), (words[1].Left, words[1].Right));
        Assert.Equal(90f, words[1].Confidence, 3);
    }

    [Fact]
    public void A_words_confidence_is_its_least_sure_characters()
    {
        var probabilities = Steps(2, 4, 2, 2);
        probabilities[2 * 6 + 2] = 0.4f;

        var word = Assert.Single(CtcLine.Words(CtcLine.Decode(probabilities, 6, Keys), step => step));

        Assert.Equal("1.1", word.Text);
        Assert.Equal(40f, word.Confidence, 3);
    }
}
