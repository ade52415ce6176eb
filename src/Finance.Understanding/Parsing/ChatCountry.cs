using System.Collections.Concurrent;
using System.Collections.Frozen;

namespace Finance.Understanding.Parsing;

/// <summary>The country a chat is in (ISO 3166 alpha-2), for choosing between brands that share a name: from
/// its time zone (tzdata's zone.tab), else from its currency when only one country uses it.</summary>
public static class ChatCountry
{
    private static readonly Lazy<FrozenDictionary<string, string>> ZoneCountries = new(LoadZoneTable);
    private static readonly ConcurrentDictionary<(string Zone, string Currency), string?> Cache = new();

    private static readonly FrozenDictionary<string, string> CurrencyCountries = new Dictionary<string, string>
    {
        ["USD"] = "US", ["BRL"] = "BR", ["GBP"] = "GB", ["CAD"] = "CA", ["AUD"] = "AU", ["NZD"] = "NZ", ["JPY"] = "JP",
        ["INR"] = "IN", ["MXN"] = "MX", ["ARS"] = "AR", ["CLP"] = "CL", ["COP"] = "CO", ["CHF"] = "CH", ["SEK"] = "SE",
        ["NOK"] = "NO", ["DKK"] = "DK", ["PLN"] = "PL", ["CZK"] = "CZ", ["HUF"] = "HU", ["TRY"] = "TR", ["ZAR"] = "ZA",
        ["CNY"] = "CN", ["HKD"] = "HK", ["SGD"] = "SG", ["KRW"] = "KR",
    }.ToFrozenDictionary();

    public static string? Of(TimeZoneInfo zone, string currency) =>
        Cache.GetOrAdd((zone.Id, currency), key =>
            ZoneCountries.Value.TryGetValue(key.Zone, out var country) ? country
            : CurrencyCountries.TryGetValue(key.Currency, out country) ? country : null);

    /// <summary>Whether a folded word is a city or country with its own time zone ("paris", "lisbon"): such
    /// words name where money was spent more often than a shop.</summary>
    public static bool IsPlaceName(string folded) => PlaceNames.Value.Contains(folded);

    private static readonly Lazy<FrozenSet<string>> PlaceNames = new(() => ZoneCountries.Value.Keys
        .SelectMany(zone => zone.Split('/').Skip(1))
        .Select(place => MessageTokenizer.Fold(place.Replace('_', ' ').ToLowerInvariant()))
        .Where(place => place.Length >= 4)
        .ToFrozenSet(StringComparer.Ordinal));

    private static FrozenDictionary<string, string> LoadZoneTable()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var path in new[] { "/usr/share/zoneinfo/zone.tab", "/usr/share/zoneinfo/zone1970.tab" })
        {
            if (!File.Exists(path)) continue;
            foreach (var line in File.ReadLines(path))
            {
                if (line.Length == 0 || line[0] == '#') continue;
                var f = line.Split('\t');
                if (f.Length >= 3) map.TryAdd(f[2], f[0].Split(',')[0]);
            }
        }
        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
