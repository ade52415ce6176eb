using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Finance.Banks.Statements;

/// <summary>A stable id for a file row the bank gave none: what the row says, plus how many equal rows came
/// before it in the file, so two identical coffees on one day stay two and the same file read again (or an
/// overlapping one holding the same days) gives the same ids.</summary>
public static class Fingerprint
{
    public static string Of(string account, DateOnly date, decimal signedAmount, string description, int occurrence)
    {
        var text = string.Join('|', account, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            signedAmount.ToString("0.00##", CultureInfo.InvariantCulture), description.Trim().ToUpperInvariant(), occurrence);
        return "fp:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..24];
    }

    /// <summary>Numbers equal rows in file order: the n-th (date, amount, description) seen gets occurrence n.</summary>
    public sealed class Counter
    {
        private readonly Dictionary<(DateOnly, decimal, string), int> seen = [];

        public int Next(DateOnly date, decimal signedAmount, string description)
        {
            var key = (date, signedAmount, description.Trim().ToUpperInvariant());
            seen[key] = seen.TryGetValue(key, out var n) ? n + 1 : 0;
            return seen[key];
        }
    }
}
