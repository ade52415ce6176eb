using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Ledger.Subscriptions;

namespace Finance.Host.Tests.Conversation;

/// <summary>Every word the bot says lives in one file per language (src/Finance.Conversation/Replies/Languages).</summary>
public sealed partial class PhrasesTests
{
    public static TheoryData<string> Languages() => new(Phrases.Languages);

    [Fact]
    public void The_bot_speaks_english_and_portuguese() =>
        Assert.Equal(["en", "pt"], Phrases.Languages.Where(l => l is "en" or "pt").ToArray());

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_language_names_every_category_and_cadence(string language)
    {
        var phrases = Phrases.Read(language);
        Assert.Equal(language, phrases.Language);
        Assert.All(Categories.All, c => Assert.False(string.IsNullOrWhiteSpace(phrases.Categories.GetValueOrDefault(c)), $"{language}: category {c}"));
        Assert.All(new[] { Cadences.Weekly, Cadences.Monthly, Cadences.Yearly }, c =>
        {
            Assert.True(phrases.Cadences.ContainsKey(c), $"{language}: cadence {c}");
            Assert.True(phrases.CadenceUnits.ContainsKey(c), $"{language}: cadence unit {c}");
        });
        Assert.Equal(language, Phrases.LanguageNamed(language));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Each_phrase_takes_the_same_arguments_in_every_language(string language)
    {
        var english = Phrases.Read("en");
        var other = Phrases.Read(language);
        foreach (var property in typeof(Phrases).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string)))
        {
            var expected = Arguments(property.GetValue(english) as string);
            var actual = Arguments(property.GetValue(other) as string);
            Assert.False(string.IsNullOrWhiteSpace(property.GetValue(other) as string), $"{language}.{property.Name} is empty");
            Assert.True(expected.SetEquals(actual), $"{language}.{property.Name} takes {{{string.Join(",", actual)}}}, English {{{string.Join(",", expected)}}}");
        }
    }

    [Fact]
    public void A_language_file_missing_a_phrase_is_refused()
    {
        var english = JsonNode.Parse(ResourceText("en"))!.AsObject();
        english.Remove("Booked");

        Assert.Throws<JsonException>(() => Phrases.Read(new MemoryStream(Encoding.UTF8.GetBytes(english.ToJsonString()))));
    }

    [Fact]
    public void A_language_file_with_a_phrase_the_bot_does_not_know_is_refused()
    {
        var english = JsonNode.Parse(ResourceText("en"))!.AsObject();
        english["Bookd"] = "typo";

        Assert.Throws<JsonException>(() => Phrases.Read(new MemoryStream(Encoding.UTF8.GetBytes(english.ToJsonString()))));
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void A_text_written_as_lines_is_read_as_one_text(string language) =>
        Assert.Contains("\n/summary", Phrases.Read(language).Help);

    [Fact]
    public void A_language_the_bot_does_not_speak_gets_english() =>
        Assert.Same(Phrases.For("en"), Phrases.For("xx"));

    private static HashSet<string> Arguments(string? phrase) =>
        phrase is null ? [] : Argument().Matches(phrase).Select(m => m.Groups[1].Value).ToHashSet();

    private static string ResourceText(string language)
    {
        using var stream = typeof(Phrases).Assembly.GetManifestResourceStream($"Finance.Conversation.Replies.Languages.{language}.json")!;
        return new StreamReader(stream).ReadToEnd();
    }

    [GeneratedRegex(@"\{(\d+)[:}]")]
    private static partial Regex Argument();
}
