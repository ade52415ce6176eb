namespace Finance.Conversation.Replies;

/// <summary>Every fixed sentence the bot says, in English and Brazilian Portuguese.</summary>
public sealed record Phrases(
    string Welcome,
    string Help,
    string Booked,
    string BookedMany,
    string Total,
    string NothingUnderstood,
    string NothingToUndo,
    string Undone,
    string SummaryTitle,
    string Spent,
    string Earned,
    string Moved,
    string NoSpendingYet,
    string CategoryChanged,
    string CategoryUsage,
    string NothingToCorrect,
    string ViewerCannotBook,
    string NotBooked,
    string QueryTotal,
    string QueryTopMerchants,
    string QueryList,
    string QueryNothing,
    string At,
    string On)
{
    public static Phrases For(string language) => language == "pt" ? Portuguese : English;

    public static readonly Phrases English = new(
        Welcome: "Hi{0}! I'm Finance. Tell me what you spend and I'll book it in \"{1}\" ({2}).\nTry: coffee 4.50 · lunch 18 at Joe's yesterday · got paid 3000",
        Help: """
            Send what you spent or earned, the way you'd say it:
            • coffee 4.50
            • groceries 82.10 at Walmart yesterday
            • coffee 5 and lunch 18
            • got paid 3000
            Ask: how much did I spend on dining this month?
            Commands:
            /summary — this week's totals by category
            /undo — remove your last booking
            /category NAME — fix the category of your last booking
            /settings — language, currency and time zone
            /context — your contexts (personal, family, trip…); /invite and /join share one
            /help — this message
            """,
        Booked: "✅ Booked {0}",
        BookedMany: "✅ Booked {0} items:",
        Total: "Total: {0}",
        NothingUnderstood: "I couldn't find an amount in that, so nothing was booked. Try \"coffee 4.50\" or \"groceries 82 at Walmart\" — /help shows more.",
        NothingToUndo: "There's nothing of yours to undo in \"{0}\".",
        Undone: "↩️ Removed {0}",
        SummaryTitle: "📊 This week in \"{0}\" ({1} – {2})",
        Spent: "Spent: {0}",
        Earned: "Earned: {0}",
        Moved: "Transfers: {0}",
        NoSpendingYet: "Nothing booked yet this week.",
        CategoryChanged: "🏷️ {0} is now {1}. I'll file {2} under {1} from now on.",
        CategoryUsage: "Say which category, e.g. /category groceries. Categories: {0}",
        NothingToCorrect: "There's no booking of yours to correct yet.",
        ViewerCannotBook: "You can view \"{0}\" but not book into it. Ask its owner to make you an editor.",
        NotBooked: "⚠️ Sorry — I couldn't process your message{0} after several tries, so it was NOT booked. Please send it again in a moment.",
        QueryTotal: "You spent {0}{1} {2} ({3} transactions).",
        QueryTopMerchants: "Top places {0}:",
        QueryList: "Your bookings {0}:",
        QueryNothing: "Nothing booked {0}{1}.",
        At: "at",
        On: "on");

    public static readonly Phrases Portuguese = new(
        Welcome: "Oi{0}! Eu sou o Finance. Me conte o que você gasta e eu anoto em \"{1}\" ({2}).\nExperimente: café 4,50 · almoço 18 no restaurante ontem · recebi salário 3000",
        Help: """
            Mande o que gastou ou recebeu, do jeito que você fala:
            • café 4,50
            • mercado 82,10 no Carrefour ontem
            • café 5 e almoço 18
            • recebi 3000 de salário
            Pergunte: quanto gastei com restaurantes este mês?
            Comandos:
            /summary — totais da semana por categoria
            /undo — apaga seu último lançamento
            /category NOME — corrige a categoria do último lançamento
            /settings — idioma, moeda e fuso horário
            /context — seus contextos (pessoal, família, viagem…); /invite e /join para compartilhar
            /help — esta mensagem
            """,
        Booked: "✅ Anotado {0}",
        BookedMany: "✅ Anotei {0} itens:",
        Total: "Total: {0}",
        NothingUnderstood: "Não encontrei um valor nessa mensagem, então nada foi anotado. Tente \"café 4,50\" ou \"mercado 82 no Carrefour\" — /help mostra mais.",
        NothingToUndo: "Não há nada seu para desfazer em \"{0}\".",
        Undone: "↩️ Apagado {0}",
        SummaryTitle: "📊 Esta semana em \"{0}\" ({1} – {2})",
        Spent: "Gastos: {0}",
        Earned: "Receitas: {0}",
        Moved: "Transferências: {0}",
        NoSpendingYet: "Nada anotado ainda nesta semana.",
        CategoryChanged: "🏷️ {0} agora é {1}. Daqui em diante, {2} vai para {1}.",
        CategoryUsage: "Diga qual categoria, por exemplo /category groceries. Categorias: {0}",
        NothingToCorrect: "Ainda não há lançamento seu para corrigir.",
        ViewerCannotBook: "Você pode ver \"{0}\", mas não lançar nele. Peça ao dono para torná-lo editor.",
        NotBooked: "⚠️ Desculpe — não consegui processar sua mensagem{0} depois de várias tentativas, então ela NÃO foi anotada. Por favor, envie de novo daqui a pouco.",
        QueryTotal: "Você gastou {0}{1} {2} ({3} lançamentos).",
        QueryTopMerchants: "Onde você mais gastou {0}:",
        QueryList: "Seus lançamentos {0}:",
        QueryNothing: "Nada anotado {0}{1}.",
        At: "em",
        On: "com");
}
