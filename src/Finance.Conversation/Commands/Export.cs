using Finance.Banks.Export;
using Finance.Conversation.Replies;
using Finance.Core;

namespace Finance.Conversation.Commands;

/// <summary>/export [month|year|all] [ofx] (/exportar [mes|ano|tudo]): the active context's ledger as a CSV
/// document, or OFX on request. Month (the default) and year run to today; all is everything booked.</summary>
public sealed class Export(LedgerExport export)
{
    public async Task<Answer> HandleAsync(Turn turn)
    {
        var say = turn.Say;
        var words = ConversationHandler.Argument(turn.Text).ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var format = words.Contains("ofx") ? ExportFormat.Ofx : ExportFormat.Csv;
        var today = turn.Today;
        var from = words.FirstOrDefault(w => w is not "ofx" and not "csv") switch
        {
            "year" or "ano" => new DateOnly(today.Year, 1, 1),
            "all" or "tudo" or "todos" => DateOnly.MinValue,
            _ => new DateOnly(today.Year, today.Month, 1),
        };
        var transactions = await export.TransactionsAsync(turn.Session, from, today);
        var context = turn.Member.Context.Name;
        if (transactions.Count == 0)
            return Answer.Text("answered", string.Format(say.ExportNothing, context, turn.Date(from == DateOnly.MinValue ? today : from), turn.Date(today)));
        var first = transactions[0].LocalDate;
        var last = transactions[^1].LocalDate;
        var document = new ReplyDocument(
            LedgerExport.FileName(context, first, last, format),
            format == ExportFormat.Csv ? "text/csv" : "application/x-ofx",
            LedgerExport.Write(transactions, format, first, last));
        var caption = string.Format(say.ExportCaption, context, turn.Date(first), turn.Date(last), transactions.Count);
        return new Answer("exported", new OutboundReply(caption, Document: document));
    }
}
