using Finance.Core;
using Finance.Understanding.Classification;

namespace Finance.Understanding.Tests.Classification;

public sealed class CategoryClassifierTests(ShippedCategoryModel shipped) : IClassFixture<ShippedCategoryModel>
{
    [Theory]
    [InlineData(null, "starbucks", Categories.Dining)]
    [InlineData(null, "farmácia da esquina", Categories.Health)]
    [InlineData(null, "conta de luz atrasada", Categories.Utilities)]
    [InlineData(null, "netflix", Categories.Subscriptions)]
    [InlineData(null, "almoço no restaurante japonês", Categories.Dining)]
    [InlineData(null, "uber para o aeroporto de guarulhos", Categories.Transport)]
    [InlineData(null, "salário de novembro", Categories.Income)]
    [InlineData(null, "pix pra minha irmã", Categories.Transfer)]
    [InlineData(null, "birthday present for my brother", Categories.Gifts)]
    [InlineData(null, "hotel in rome", Categories.Travel)]
    [InlineData("padaria", "pão francês e leite", Categories.Groceries)]
    [InlineData("posto shell", "abastecimento", Categories.Transport)]
    public void Clear_unseen_examples_in_english_and_portuguese_are_classified(string? merchant, string description, string expected)
    {
        Assert.False(shipped.IsTrainingRow(merchant, description), $"'{merchant} {description}' is a training row");

        var prediction = shipped.Classifier.Predict(merchant, description);

        Assert.Equal(expected, prediction.Category);
        Assert.InRange(prediction.Confidence, 1f / Categories.All.Count, 1f);
    }

    [Theory]
    [InlineData("supermercdo", Categories.Groceries)]
    [InlineData("farmacia", Categories.Health)]
    [InlineData("restaurnte", Categories.Dining)]
    [InlineData("gasolna", Categories.Transport)]
    [InlineData("haircutt", Categories.PersonalCare)]
    public void Typos_and_missing_accents_still_classify(string description, string expected)
    {
        Assert.False(shipped.IsTrainingRow(null, description), $"'{description}' is a training row");

        Assert.Equal(expected, shipped.Classifier.Predict(null, description).Category);
    }

    [Fact]
    public void Most_hand_written_unseen_examples_are_classified_right()
    {
        var examples = ShippedCategoryModel.UnseenExamples();
        Assert.All(examples, e => Assert.False(shipped.IsTrainingRow(e.Merchant, e.Description), $"'{e.Description}' is a training row"));

        var wrong = examples
            .Select(e => (Example: e, Predicted: shipped.Classifier.Predict(e.Merchant, e.Description).Category))
            .Where(p => p.Predicted != p.Example.Category)
            .Select(p => $"{p.Example.Description}: {p.Predicted} (expected {p.Example.Category})")
            .ToList();

        // Measured with the shipped model: 81 of 85 right (95 %).
        var accuracy = 1.0 - (double)wrong.Count / examples.Count;
        Assert.True(accuracy >= 0.90, $"accuracy {accuracy:P1}; wrong: {string.Join("; ", wrong)}");
    }

    [Fact]
    public void Amounts_case_and_punctuation_do_not_change_the_answer()
    {
        var plain = shipped.Classifier.Predict(null, "conta de luz atrasada");
        var noisy = shipped.Classifier.Predict(null, "Conta de LUZ atrasada: 187,45!");

        Assert.Equal(plain.Category, noisy.Category);
        Assert.Equal(plain.Confidence, noisy.Confidence, tolerance: 0.02f);
    }

    [Fact]
    public void Concurrent_predictions_give_the_same_answers_as_sequential_ones()
    {
        var inputs = ShippedCategoryModel.UnseenExamples()
            .Select(e => (e.Merchant, e.Description))
            .Concat(shipped.TrainingRows.Where((_, i) => i % 25 == 0).Select(r => (Merchant: (string?)r.Merchant, r.Description)))
            .ToArray();
        var sequential = inputs.Select(i => shipped.Classifier.Predict(i.Merchant, i.Description)).ToArray();

        var concurrent = new CategoryPrediction[16][];
        Parallel.For(0, concurrent.Length, new ParallelOptions { MaxDegreeOfParallelism = 16 }, worker =>
        {
            // Each worker starts at a different place, so the threads are on different inputs at once.
            var answers = new CategoryPrediction[inputs.Length];
            for (var step = 0; step < inputs.Length; step++)
            {
                var index = (step + worker * 7) % inputs.Length;
                answers[index] = shipped.Classifier.Predict(inputs[index].Merchant, inputs[index].Description);
            }
            concurrent[worker] = answers;
        });

        Assert.All(concurrent, answers => Assert.Equal(sequential, answers));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("  ", " ")]
    public void Blank_input_is_other_with_no_confidence(string? merchant, string description)
    {
        Assert.Equal(new CategoryPrediction(Categories.Other, 0f), shipped.Classifier.Predict(merchant, description));
    }

    [Fact]
    public void A_missing_model_file_is_reported_with_its_path()
    {
        var path = Path.Combine(Path.GetTempPath(), $"no-model-{Guid.NewGuid():N}.zip");

        var error = Assert.Throws<FileNotFoundException>(() => CategoryClassifier.Load(path));

        Assert.Contains(path, error.Message);
    }
}
