using Finance.Core;

namespace Finance.Understanding.Classification;

public sealed record CategoryTrainingRow(string Merchant, string Description, string Category, string Language);

/// <summary>Reads the labelled TSV (merchant, description, category, language) and splits it for evaluation.</summary>
public static class CategoryTrainingData
{
    public const string Header = "merchant\tdescription\tcategory\tlanguage";

    /// <summary>Share of rows held out for the accuracy report, in percent.</summary>
    public const int HeldOutPercent = 20;

    public static IReadOnlyList<CategoryTrainingRow> Read(string path)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine();
        if (header != Header)
        {
            throw new InvalidDataException($"{path}: the first line must be '{Header.Replace("\t", "\\t")}'.");
        }
        var rows = new List<CategoryTrainingRow>();
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }
            var fields = line.Split('\t');
            if (fields.Length != 4 || fields[1].Length == 0)
            {
                throw new InvalidDataException($"{path}:{lineNumber}: expected merchant, description, category and language separated by tabs.");
            }
            if (!Categories.IsKnown(fields[2]))
            {
                throw new InvalidDataException($"{path}:{lineNumber}: '{fields[2]}' is not a category ({string.Join(", ", Categories.All)}).");
            }
            rows.Add(new CategoryTrainingRow(fields[0], fields[1], fields[2], fields[3]));
        }
        return rows;
    }

    /// <summary>
    /// A deterministic split keyed on the merchant (or, without one, the description): every row of a
    /// held-out merchant is held out, so the accuracy says how the model does on merchants it never saw.
    /// </summary>
    public static (IReadOnlyList<CategoryTrainingRow> Training, IReadOnlyList<CategoryTrainingRow> HeldOut) Split(
        IReadOnlyList<CategoryTrainingRow> rows)
    {
        var training = new List<CategoryTrainingRow>();
        var heldOut = new List<CategoryTrainingRow>();
        foreach (var row in rows)
        {
            var key = (row.Merchant.Length > 0 ? row.Merchant : row.Description).ToLowerInvariant();
            (StableHash(key) % 100 < HeldOutPercent ? heldOut : training).Add(row);
        }
        return (training, heldOut);
    }

    // string.GetHashCode differs per process; FNV-1a does not.
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return hash;
    }
}
