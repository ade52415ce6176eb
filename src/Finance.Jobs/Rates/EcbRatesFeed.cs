using System.Globalization;
using System.Xml.Linq;
using Finance.Ledger.Rates;

namespace Finance.Jobs.Rates;

/// <summary>Reads the European Central Bank's euro reference rates XML (daily and 90-day feeds share it):
/// <c>&lt;Cube time="2026-11-27"&gt;&lt;Cube currency="USD" rate="1.0800"/&gt;…</c>, euro as the base.</summary>
public sealed class EcbRatesFeed(HttpClient http)
{
    public async Task<IReadOnlyList<ExchangeRate>> FetchAsync(string url, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync(url, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        return Parse(await XDocument.LoadAsync(body, LoadOptions.None, cancellationToken));
    }

    public static IReadOnlyList<ExchangeRate> Parse(XDocument document)
    {
        var rates = new List<ExchangeRate>();
        foreach (var day in document.Descendants().Where(e => e.Name.LocalName == "Cube" && e.Attribute("time") is not null))
        {
            var date = DateOnly.ParseExact(day.Attribute("time")!.Value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            foreach (var cube in day.Elements().Where(e => e.Name.LocalName == "Cube"))
            {
                var currency = cube.Attribute("currency")?.Value;
                var rate = cube.Attribute("rate")?.Value;
                if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper) ||
                    !decimal.TryParse(rate, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0)
                    throw new FormatException($"Not a reference rate: {cube}");
                rates.Add(new ExchangeRate(date, "EUR", currency, value));
            }
        }
        if (rates.Count == 0) throw new FormatException("The feed holds no rates.");
        return rates;
    }
}
