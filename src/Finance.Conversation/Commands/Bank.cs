using System.Globalization;
using System.Text;
using Finance.Banks.Connections;
using Finance.Conversation.Replies;
using Finance.Core;
using Finance.Understanding.Parsing;

namespace Finance.Conversation.Commands;

/// <summary>
/// /bank (/banco): the active context's bank connections with their last sync and status;
/// /bank connect [COUNTRY] NAME (conectar) answers the bank's consent link, the country being the context's (from its
/// time zone or currency) unless named; /bank sync (sincronizar) queues a sync of every connection now; /bank disconnect NAME
/// (desconectar) removes one. Connecting, syncing and removing are for the context's owner and editors.
/// </summary>
public sealed class Bank(BankLinking linking, BankConnectionStore connections, IBankSyncQueue queue)
{
    public async Task<Answer> HandleAsync(Turn turn, CancellationToken cancellationToken)
    {
        var words = ConversationHandler.Argument(turn.Text).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var rest = words.Skip(1).ToArray();
        return words.FirstOrDefault()?.ToLowerInvariant() switch
        {
            null or "list" or "listar" => await ListAsync(turn),
            "connect" or "add" or "conectar" or "ligar" => await ConnectAsync(turn, rest, cancellationToken),
            "sync" or "sincronizar" => await SyncAsync(turn, cancellationToken),
            "disconnect" or "remove" or "desconectar" or "remover" => await DisconnectAsync(turn, string.Join(' ', rest), cancellationToken),
            _ => Answer.Text("answered", turn.Say.BankHelp),
        };
    }

    private async Task<Answer> ListAsync(Turn turn)
    {
        var say = turn.Say;
        var all = await connections.ListAsync(turn.Session);
        if (all.Count == 0) return Answer.Text("answered", string.Format(say.BankNone, turn.Member.Context.Name) + "\n" + say.BankHelp);
        var text = new StringBuilder(string.Format(say.BankListTitle, turn.Member.Context.Name));
        foreach (var (connection, number) in all.Select((c, i) => (c, i + 1)))
        {
            // Plaid names its accounts only with their balances.
            var accounts = connection.Accounts.Count > 0 ? connection.Accounts.Select(a => a.Name).OfType<string>().ToList()
                : connection.Balances.Select(b => b.Account).ToList();
            text.Append('\n').Append(turn.Format(say.BankLine, number, connection.Institution,
                accounts.Count == 0 ? connection.Provider : string.Join(", ", accounts), LastSync(turn, connection.LastSyncedAt)));
            if (connection.Status == "expired") text.Append('\n').Append(string.Format(say.BankLineExpired, connection.Institution));
        }
        return Answer.Text("answered", text.ToString());
    }

    private async Task<Answer> ConnectAsync(Turn turn, string[] words, CancellationToken cancellationToken)
    {
        var say = turn.Say;
        if (!turn.Member.CanWrite) return Answer.Text("refused", string.Format(say.ViewerCannotConnect, turn.Member.Context.Name));
        if (!linking.Enabled) return Answer.Text("answered", say.BanksOff);
        var country = words.Length >= 2 && Country(words[0]) is { } named ? named : null;
        if (country is not null) words = words[1..];
        country ??= ChatCountry.Of(turn.Member.Context.Zone, turn.Member.Context.BaseCurrency);
        var bank = string.Join(' ', words);
        if (bank.Length == 0 || country is null) return Answer.Text("answered", say.BankConnectUsage);
        try
        {
            var start = await linking.StartAsync(turn.Session, turn.Message.Channel, turn.Message.ChatId, country, bank, turn.Language, cancellationToken);
            return start.Outcome switch
            {
                LinkStartOutcome.Link => Answer.Text("bank_link", string.Format(say.BankConsentLink, start.Institution, start.Link)),
                LinkStartOutcome.NoBank => Answer.Text("answered", string.Format(say.BankNotFound, bank, country, string.Join(", ", start.Suggestions!))),
                _ => Answer.Text("answered", string.Format(say.BankNoProvider, country)),
            };
        }
        catch (HttpRequestException)
        {
            // The provider is down or refused us: said plainly, nothing stored.
            return Answer.Text("provider_failed", string.Format(say.BankConnectFailed, bank));
        }
    }

    /// <summary>Queues a sync of each connection and says so: the bank is not read inside this message's transaction
    /// (it may take long, and the message's lease must not wait on a bank); the queued run writes what came.</summary>
    private async Task<Answer> SyncAsync(Turn turn, CancellationToken cancellationToken)
    {
        var say = turn.Say;
        if (!turn.Member.CanWrite) return Answer.Text("refused", string.Format(say.ViewerCannotConnect, turn.Member.Context.Name));
        if (!linking.Enabled) return Answer.Text("answered", say.BanksOff);
        var all = await connections.ListAsync(turn.Session);
        if (all.Count == 0) return Answer.Text("answered", string.Format(say.BankNone, turn.Member.Context.Name) + "\n" + say.BankHelp);
        var started = new List<string>();
        var expired = new List<string>();
        foreach (var connection in all)
        {
            if (connection.Status == "expired")
            {
                expired.Add(string.Format(say.BankExpired, connection.Institution));
                continue;
            }
            var request = new BankSyncRequest(connection.Id, turn.Member.Context.Id, turn.Member.UserId, turn.Message.Channel, turn.Message.ChatId,
                Asked: true, MessageId: turn.Message.ExternalId);
            if (!await queue.QueueAsync(request, TimeSpan.Zero, cancellationToken)) return Answer.Text("answered", say.BankSyncNoScheduler);
            started.Add(connection.Institution);
        }
        var lines = started.Count == 0 ? expired : [string.Format(say.BankSyncStarted, string.Join(", ", started)), .. expired];
        return Answer.Text(started.Count == 0 ? "answered" : "bank_sync_queued", string.Join('\n', lines));
    }

    private async Task<Answer> DisconnectAsync(Turn turn, string name, CancellationToken cancellationToken)
    {
        var say = turn.Say;
        if (!turn.Member.CanWrite) return Answer.Text("refused", string.Format(say.ViewerCannotConnect, turn.Member.Context.Name));
        var all = await connections.ListAsync(turn.Session);
        if (all.Count == 0) return Answer.Text("answered", string.Format(say.BankNone, turn.Member.Context.Name));
        var chosen = name.Length == 0
            ? all.Count == 1 ? all : []
            : int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= all.Count
                ? [all[number - 1]]
                : all.Where(c => c.Institution.Contains(name, StringComparison.OrdinalIgnoreCase)).ToList();
        if (chosen.Count != 1)
            return Answer.Text("answered", name.Length > 0 && chosen.Count == 0
                ? string.Format(say.BankNotConnected, name)
                : string.Format(say.BankWhichOne, all[0].Institution));
        if (!await linking.DisconnectAsync(turn.Session, chosen[0].Id, cancellationToken))
            return Answer.Text("provider_failed", string.Format(say.BankDisconnectFailed, chosen[0].Institution));
        return Answer.Text("bank_disconnected", string.Format(say.BankDisconnected, chosen[0].Institution, turn.Member.Context.Name));
    }

    /// <summary>"GB", "pt" → the ISO country; anything else (a bank's first word) → null.</summary>
    private static string? Country(string word)
    {
        if (word.Length != 2 || !word.All(char.IsAsciiLetter)) return null;
        try
        {
            return new RegionInfo(word.ToUpperInvariant()).TwoLetterISORegionName;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string LastSync(Turn turn, DateTimeOffset? at)
    {
        if (at is not { } synced) return turn.Say.BankNeverSynced;
        var local = TimeZoneInfo.ConvertTime(synced, turn.Member.Context.Zone);
        return $"{turn.Date(DateOnly.FromDateTime(local.DateTime))} {local:HH:mm}";
    }
}
