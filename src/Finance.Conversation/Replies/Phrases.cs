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
    string On,
    string Listening,
    string ReadingReceipt,
    string Heard,
    string HeardNothing,
    string OnlyTextVoiceAndPhotos,
    string VoiceOnlyInEnglish,
    string VoiceTooLong,
    string FileTooLarge,
    string ImageTooManyPixels,
    string FileEmpty,
    string AudioUnreadable,
    string ImageUnreadable,
    string NotAPhoto,
    string ReceiptRead,
    string ReceiptTotal,
    string ReceiptTax,
    string ReceiptFix,
    string ReceiptTotalQuestion,
    string ReceiptTotalGuess,
    string ReceiptUnreadable,
    string RateLimited)
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
            /summary [week|month] — totals by category, with a chart
            /subscriptions — tracked subscriptions ("netflix 55.90 monthly" adds one)
            /budget dining 800 — a monthly budget; /budget shows progress
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
        On: "on",
        Listening: "🎧 Listening…",
        ReadingReceipt: "🧾 Reading your receipt…",
        Heard: "🎙️ \"{0}\"",
        HeardNothing: "🎙️ I couldn't make out any words in that voice note, so nothing was booked. Try again closer to the phone, or type it: coffee 4.50",
        OnlyTextVoiceAndPhotos: "I can read text, voice notes and receipt photos, but not this. Type it instead, e.g.: coffee 4.50",
        VoiceOnlyInEnglish: "Sorry, I can only understand voice notes in English here, so nothing was booked. Type it instead, e.g.: coffee 4.50",
        VoiceTooLong: "That voice note is longer than {0} minutes, so I didn't listen to it. Keep it short, like \"coffee 4.50 at Starbucks\".",
        FileTooLarge: "That file is too big for me (the limit is {0} MB), so nothing was booked.",
        ImageTooManyPixels: "That image is too large to read (the limit is {0} megapixels), so nothing was booked. Send an ordinary photo of the receipt.",
        FileEmpty: "That file was empty, so nothing was booked.",
        AudioUnreadable: "I couldn't play that audio — it seems damaged — so nothing was booked. Send the voice note again, or type it.",
        ImageUnreadable: "I couldn't open that image — it seems damaged — so nothing was booked. Send the photo again, or type it.",
        NotAPhoto: "That isn't a photo I can read (a PDF or another document?), so nothing was booked. Send a photo of the receipt, or type it: lunch 18",
        ReceiptRead: "🧾 I read: {0}",
        ReceiptTotal: "total {0}",
        ReceiptTax: "tax {0}",
        ReceiptFix: "Wrong? /undo removes it · /category NAME changes the category",
        ReceiptTotalQuestion: "🧾 I read: {0}\nBut I'm not sure of the total{1}, so nothing is booked yet. What's the total? Reply with the amount, e.g. 23.40",
        ReceiptTotalGuess: " (maybe {0}?)",
        ReceiptUnreadable: "🧾 I couldn't read a receipt in that photo, so nothing was booked. Try a sharper, well-lit photo, or type it: lunch 18",
        RateLimited: "✋ You're sending messages faster than I can book them. I'm pausing for a minute: anything you send until then is NOT booked — please send it again afterwards.");

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
            /summary [week|month] — totais por categoria, com gráfico
            /subscriptions — assinaturas ("netflix 55,90 mensal" adiciona)
            /budget restaurantes 800 — orçamento mensal; /budget mostra o andamento
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
        On: "com",
        Listening: "🎧 Ouvindo…",
        ReadingReceipt: "🧾 Lendo seu recibo…",
        Heard: "🎙️ \"{0}\"",
        HeardNothing: "🎙️ Não consegui entender nenhuma palavra nesse áudio, então nada foi anotado. Tente de novo mais perto do celular, ou escreva: café 4,50",
        OnlyTextVoiceAndPhotos: "Eu leio textos, áudios e fotos de recibos, mas não isso. Escreva, por exemplo: café 4,50",
        VoiceOnlyInEnglish: "Desculpe, por enquanto só entendo mensagens de voz em inglês, então nada foi anotado. Escreva, por exemplo: café 4,50",
        VoiceTooLong: "Esse áudio tem mais de {0} minutos, então não ouvi. Mande algo curto, como \"café 4,50 na padaria\".",
        FileTooLarge: "Esse arquivo é grande demais para mim (o limite é {0} MB), então nada foi anotado.",
        ImageTooManyPixels: "Essa imagem é grande demais para ler (o limite é {0} megapixels), então nada foi anotado. Mande uma foto comum do recibo.",
        FileEmpty: "Esse arquivo estava vazio, então nada foi anotado.",
        AudioUnreadable: "Não consegui tocar esse áudio — parece danificado —, então nada foi anotado. Mande de novo ou escreva.",
        ImageUnreadable: "Não consegui abrir essa imagem — parece danificada —, então nada foi anotado. Mande a foto de novo ou escreva.",
        NotAPhoto: "Isso não é uma foto que eu consiga ler (um PDF ou outro documento?), então nada foi anotado. Mande uma foto do recibo ou escreva: almoço 18",
        ReceiptRead: "🧾 Li: {0}",
        ReceiptTotal: "total {0}",
        ReceiptTax: "impostos {0}",
        ReceiptFix: "Errado? /undo apaga · /category NOME muda a categoria",
        ReceiptTotalQuestion: "🧾 Li: {0}\nMas não tenho certeza do total{1}, então ainda não anotei. Qual é o total? Responda com o valor, por exemplo 23,40",
        ReceiptTotalGuess: " (seria {0}?)",
        ReceiptUnreadable: "🧾 Não consegui ler um recibo nessa foto, então nada foi anotado. Tente uma foto mais nítida e bem iluminada, ou escreva: almoço 18",
        RateLimited: "✋ Você está mandando mensagens mais rápido do que consigo anotar. Vou pausar por um minuto: o que chegar até lá NÃO será anotado — envie de novo depois.");
}
