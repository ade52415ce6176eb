using Finance.Media.Speech;

namespace Finance.Media.Tests.Speech;

public sealed class DomainLanguageModelTests
{
    [Fact]
    public async Task Shipped_model_covers_every_word_the_generator_produces()
    {
        // UPDATE_SPEECH_MODEL=1 rebuilds the committed model in models/speech from its data files.
        var output = Environment.GetEnvironmentVariable("UPDATE_SPEECH_MODEL") == "1"
            ? RepositoryPaths.SpeechModels
            : Directory.CreateTempSubdirectory("finance-lm-").FullName;
        await DomainLanguageModel.BuildAsync(RepositoryPaths.SpeechModels, output);

        static HashSet<string> Words(string dict) => File.ReadAllLines(dict).Select(l => l.Split(' ')[0].Split('(')[0]).ToHashSet();
        var built = Words(Path.Combine(output, "finance.dict"));
        var shipped = Words(Path.Combine(RepositoryPaths.SpeechModels, "finance.dict"));
        Assert.Equal(built.Order(), shipped.Order());
        Assert.Contains("doordash", shipped);
        Assert.True(new FileInfo(Path.Combine(RepositoryPaths.SpeechModels, "finance.lm.bin")).Length > 10_000);
    }

    [Theory]
    [InlineData(45, "forty five")]
    [InlineData(1250, "one thousand two hundred fifty")]
    [InlineData(300, "three hundred")]
    public void Numbers_are_spelled_as_people_say_them(long n, string words) =>
        Assert.Equal(words, DomainLanguageModel.Words(n));
}
