using System.Collections.Frozen;

namespace Finance.Understanding.Parsing;

/// <summary>The small closed word classes the parser reasons with (folded: no diacritics).</summary>
public static class Vocabulary
{
    private static FrozenSet<string> Set(string words) => words.Split('|').ToFrozenSet(StringComparer.Ordinal);

    public static readonly FrozenSet<string> Portuguese = Set(
        "de|do|da|dos|das|no|na|nos|nas|pra|pro|para|com|em|um|uma|e|ingresso|peguei|doei|cobrado|cobrada|fatura|cartao|conto|paguei|reais|real|gastei|gastamos|gasto|gastos|paguei|pagamos|recebi|recebemos|comprei|compramos|ontem|hoje|anteontem|quanto|quantos|quais|qual|onde|mercado|supermercado|almoco|jantar|janta|conta|luz|aluguel|farmacia|salario|semana|mes|dia|passada|passado|sexta|sabado|domingo|segunda|terca|quarta|quinta|obrigado|obrigada|oi|oii|ola|valeu|bom|boa|tudo|voce|mandei|transferi|ganhei|vendi|reembolso|poupanca|padaria|lanche|cerveja|gasolina|onibus|presente|centavos|mil|cem|esse|essa|este|esta|meu|minha|meus|minhas|eu|foi|mais|caiu|conto|agora|noite|manha|tarde|atras|ha|blz|kkkk|kkk|obg|vlw|remedio|passagem|roupa|tenis|cafe|pao|feira|deu|fiz|fui|ir|cabeleireiro|barbeiro|academia|condominio|ate|desde|maiores|resumo|lista");

    public static readonly FrozenSet<string> English = Set(
        "the|and|at|on|for|of|my|i|to|from|with|spent|spend|paid|pay|got|bought|yesterday|today|how|much|what|did|lunch|dinner|breakfast|coffee|groceries|grocery|rent|bucks|dollars|last|this|week|month|salary|thanks|thank|hi|hello|hey|bill|gas|was|were|is|me|you|your|in|a|an|some|new|day|days|ago|morning|night|tonight|friday|saturday|sunday|monday|tuesday|wednesday|thursday|sent|received|refund|sold|paycheck|quid|cheers|cool|ok|good|show|list|top|where|since|total|each|drinks|beer|pharmacy|doctor|haircut|shoes|movie|tickets|ticket|fee|flight|hotel|yo|nice|can|do|have");

    /// <summary>Words that introduce a merchant ("at walmart", "no outback").</summary>
    public static readonly FrozenSet<string> MerchantPrepositions = Set("at|from|on|no|na|nos|nas|@|via");

    /// <summary>Prepositions that introduce a place as often as a merchant ("in paris", "em lisboa"): a merchant
    /// after them is only believed when the merchant list knows it.</summary>
    public static readonly FrozenSet<string> WeakPrepositions = Set("in|em");

    public static readonly FrozenSet<string> TransferPrepositions = Set("to|pra|pro|para|p|pr|pa|into");

    public static readonly FrozenSet<string> Articles = Set("the|a|an|o|os|as|um|uma|my|our|meu|minha|meus|minhas|nosso|nossa");

    public static readonly FrozenSet<string> Connectors = Set("and|e|plus|mais|also|tambem|then|depois");

    /// <summary>Words that end a merchant name or description span.</summary>
    public static readonly FrozenSet<string> Stop = Set(
        "(time)|novo|nova|novos|novas|new|old|velho|velha|usado|usada|used|grande|pequeno|pequena|big|small|little|cheap|barato|barata|caro|cara|expensive|bom|boa|good|nice|legal|back|today|tonight|at|on|in|for|from|to|with|and|or|of|the|a|an|de|do|da|dos|das|no|na|nos|nas|em|pra|pro|para|com|e|ou|por|via|yesterday|today|ontem|hoje|anteontem|this|last|that|esse|essa|este|esta|isso|which|que|who|because|porque|pq|cash|card|credit|debit|cartao|credito|debito|dinheiro|pix|with|using|paid|pago|paguei|each|cada|ago|atras|ha");

    /// <summary>Words a description leaves out: verbs of spending, function words, fillers.</summary>
    public static readonly FrozenSet<string> Filler = Set(
        "(time)|dia|day|i|me|my|we|our|you|the|a|an|and|or|of|for|at|on|in|to|from|with|by|just|some|new|spent|spend|paid|pay|bought|buy|got|get|was|were|is|it|its|that|this|eu|nos|a|o|os|as|um|uma|uns|umas|de|do|da|dos|das|no|na|nos|nas|em|com|para|pra|pro|por|e|ou|gastei|gastamos|gasto|paguei|pagamos|pago|comprei|compramos|foi|fui|fiz|deu|meu|minha|meus|minhas|seu|sua|hoje|ontem|today|yesterday|reais|real|dollars|bucks|euros|each|cada|x|k|total|around|about|like|uns|umas|quase|cerca|mais|menos|tipo|ai|aí|lá|la|so|then|also|too|tambem|pix|cash|card|cartao|credito|debito|dinheiro|via|using|usando|com|only|so|já|ja");

    public static readonly FrozenSet<string> IncomeWords = Set(
        "salary|salario|paycheck|payday|wages|wage|received|receive|recebi|recebido|recebida|recebemos|recebimento|refund|refunded|reembolso|reembolsado|estorno|estornaram|sold|vendi|vendemos|venda|ganhei|ganhamos|earned|earn|income|bonus|dividend|dividends|dividendos|cashback|rendimento|rendimentos|renda|freelance|freela|commission|comissao|pagamento recebido|tips|gorjetas|pension|aposentadoria|allowance|mesada|plr|ppr");

    /// <summary>Phrases for income that are not single words ("got paid", "me pagou", "salário caiu").</summary>
    public static readonly FrozenSet<string> IncomePhrases = Set("got paid|get paid|paid me|me pagou|me pagaram|me deu|gave me|me devolveu|came in|caiu|cairam|entrou|entraram|decimo terceiro|vacation pay|holiday pay|sick pay|severance pay|back pay");

    /// <summary>Time off that is income only when paid for ("vacation pay", "adiantamento de férias"), not a trip.</summary>
    public static readonly FrozenSet<string> PaidLeave = Set("ferias|vacation|holiday");

    public static readonly FrozenSet<string> LeavePayWords = Set("pay|adiantamento|pagamento|abono|recebi|terco");

    /// <summary>Whoever pays us for work: money from them is income ("cliente pagou 1200 no pix").</summary>
    public static readonly FrozenSet<string> Clients = Set("client|clients|customer|customers|cliente|clientes");

    /// <summary>We paid: with these a client is who the money went to.</summary>
    public static readonly FrozenSet<string> WePaid = Set("paguei|pagamos|mandei|mandamos|enviei|transferi|transferimos|sent|refunded|devolvi|reembolsei");

    /// <summary>Spending verbs: an item with one is an expense even after an income cue ("sold my bike 250 and bought a helmet 30").</summary>
    public static readonly FrozenSet<string> SpendingVerbs = Set("bought|buy|spent|spend|comprei|compramos|gastei|gastamos|paguei|pagamos");

    /// <summary>What a bank charges: "wire fee", "taxa de saque" are fees, not the transfer they were for.</summary>
    public static readonly FrozenSet<string> FeeWords = Set("fee|fees|charge|taxa|taxas|tarifa|tarifas");

    public static readonly FrozenSet<string> TransferWords = Set(
        "sent|send|transferred|transfer|transfered|transferi|transferimos|transferencia|moved|move|mandei|enviei|mandamos|pix|pixei|venmo|venmo'd|venmoed|zelle|zelled|zelle'd|etransfer|e-transfer|interac|wired|wire|paypal|paypal'd|revolut|guardei|guardamos|depositei|invested|investi|aplicei|saved|poupei|lent|emprestei|borrowed|repaid|devolvi|ted|doc|withdrew|withdrawal|withdraw|withdrawn|saquei|saque|sacamos");

    public static readonly FrozenSet<string> SavingsWords = Set(
        "savings|saving|poupanca|investment|investments|investimento|investimentos|reserva|cofrinho|caixinha|brokerage|corretora|tesouro|cdb|isa|401k|ira|account|conta|checking|chequing|corrente|wallet|carteira|atm|caixa|cash|dinheiro|nubank|inter|revolut|wise|paypal|venmo|card|cartao");

    public static readonly FrozenSet<string> GenericPlaces = Set(
        "work|home|office|school|casa|trabalho|escritorio|faculdade|mall|shopping|centro|downtown|city|town|cidade|airport|aeroporto|station|estacao|rua|street|corner|esquina|app|site|online|internet|store|loja|shop|lojas|posto|cliente|empresa|firma|chefe|boss|job|freela|reembolso|refund|cafe|bar|restaurante|restaurant|mercado|supermercado|padaria|farmacia|pharmacy|market|supermarket|" +
        // Idioms after a place marker, often at the end of a sentence: "in the end", "no final", "on the way", "at least".
        "end|final|fim|least|once|way|caminho|volta|hora|sale|promocao");

    /// <summary>Units counted before a price ("2 nights 380"): the number is a quantity.</summary>
    public static readonly FrozenSet<string> CountUnits = Set(
        "nights|noites|diarias|diaria|hours|horas|hrs|kg|kilos|quilos|litros|liters|litres|people|pessoas|units|unidades|pcs|pieces|tickets|ingressos|passes|meses|months|weeks|semanas|items|itens|pacotes|packs|caixas|boxes|bottles|garrafas|rounds|rodadas");

    public static readonly FrozenSet<string> PersonWords = Set(
        "mom|mum|mother|dad|father|mae|pai|irmao|irma|brother|sister|wife|husband|esposa|marido|namorada|namorado|girlfriend|boyfriend|friend|amigo|amiga|vo|vovo|avo|grandma|grandpa|filho|filha|son|daughter|tio|tia|uncle|aunt|primo|prima|cousin|sogra|sogro|landlord|roommate");
}
