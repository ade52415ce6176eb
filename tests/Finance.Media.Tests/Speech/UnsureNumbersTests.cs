using Finance.Media.Speech;

namespace Finance.Media.Tests.Speech;

/// <summary>What the offline engine keeps of the numbers it heard, given how sure its lattice is of each word.</summary>
public sealed class UnsureNumbersTests
{
    [Theory]
    [InlineData("coffee twelve dollars", new[] { 0.9, 0.95, 0.9 }, "coffee twelve dollars")]
    [InlineData("coffee twelve dollars", new[] { 0.9, 0.2, 0.9 }, "coffee dollars")]
    [InlineData("a double twelve mocha", new[] { 0.9, 0.9, 0.1, 0.9 }, "a double mocha")]
    // a number goes whole: "twelve fifty" does not become "fifty" because "twelve" was unsure
    [InlineData("lunch twelve fifty", new[] { 0.9, 0.3, 0.99 }, "lunch")]
    [InlineData("two point five euros for lunch", new[] { 0.99, 0.9, 0.3, 0.9, 0.9, 0.9 }, "euros for lunch")]
    [InlineData("paid ten and five at lidl", new[] { 0.9, 0.9, 0.9, 0.2, 0.9, 0.9 }, "paid and at lidl")]
    [InlineData("lunch twelve dollars and fifty cents", new[] { 1, 0.003, 1, 0.9, 1, 1 }, "lunch dollars and cents")]
    // two numbers apart are judged apart
    [InlineData("eight at shell nine today", new[] { 0.2, 0.9, 0.9, 0.9, 0.9 }, "at shell nine today")]
    [InlineData("oh five and more", new[] { 0.9, 0.3, 0.9, 0.9 }, "oh and more")]
    // only numbers are dropped, however unsure the other words are
    [InlineData("the mall forty", new[] { 0.01, 0.01, 0.8 }, "the mall forty")]
    public void An_unsure_number_is_left_out_whole(string heard, double[] posteriors, string kept) =>
        Assert.Equal(kept, string.Join(' ', PocketSphinxSpeechToText.WithoutUnsureNumbers(heard.Split(' '), number => number.Any(w => posteriors[w] < 0.5))));

    [Fact]
    public void A_number_is_measured_per_frame_over_all_its_words()
    {
        Assert.Equal(3, PocketSphinxSpeechToText.AcousticGap([new("twelve", 0.9, 10, 19, -30)]), 6);
        // "thirty" 15 frames at -60 and "two" 5 frames at -40: 100 over 20 frames, not the 8 per frame "two" has alone
        Assert.Equal(5, PocketSphinxSpeechToText.AcousticGap([new("thirty", 0.9, 10, 24, -60), new("two", 0.9, 25, 29, -40)]), 6);
    }

    [Fact]
    public void Each_number_among_the_words_is_judged_by_its_own_positions()
    {
        var asked = new List<int[]>();
        var kept = PocketSphinxSpeechToText.WithoutUnsureNumbers(["eight", "at", "shell", "thirty", "two", "dollars"], number =>
        {
            asked.Add(number);
            return number[0] == 0;
        });
        Assert.Equal(["at", "shell", "thirty", "two", "dollars"], kept);
        Assert.Equal([[0], [3, 4]], asked);
    }

    [Theory]
    [InlineData("forty two")]
    [InlineData("eight dollars")]
    [InlineData("a hundred and five euros")]
    public void A_note_that_is_only_an_amount_keeps_it_however_unsure(string heard)
    {
        var words = heard.Split(' ');
        Assert.Equal(words, PocketSphinxSpeechToText.WithoutUnsureNumbers(words, _ => true));
    }

    [Theory]
    [InlineData("", "eight", true)]
    [InlineData("the", "eight", true)]
    [InlineData("lidl", "eight dollars", true)]
    // the heard words kept and a number added: the language model filling the silence around a command
    [InlineData("yes", "eight yes", false)]
    [InlineData("stop go", "stop two go", false)]
    [InlineData("yes", "yes please", false)]
    public void A_short_hearing_without_a_number_is_replaced_only_by_an_alternative_that_hears_a_number_instead(
        string heard, string alternative, bool replaces) =>
        Assert.Equal(replaces, PocketSphinxSpeechToText.ReplacesWithANumber(
            heard.Split(' ', StringSplitOptions.RemoveEmptyEntries), alternative.Split(' ')));
}
