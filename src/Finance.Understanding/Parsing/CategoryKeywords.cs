using System.Collections.Concurrent;
using System.Collections.Frozen;
using Finance.Core;

namespace Finance.Understanding.Parsing;

/// <summary>Words (EN and PT-BR) that name what money was spent on, each with its category and a weight:
/// 2 for words that settle it ("pharmacy"), 1 for hints a stronger word beats ("tickets", "passagem").
/// Typos within edit distance 1 (5–8 letters) or 2 (9+) still match, a little weaker than the word itself.</summary>
public static class CategoryKeywords
{
    /// <param name="Corrected">Found by typo correction: only believed when no word in the item matched exactly.</param>
    public readonly record struct Hit(string Category, int Weight, bool Corrected = false);

    // Order matters where folding makes two words one ("gas" fuel before "gás" cooking gas): the first wins.
    private static readonly (string Category, string Strong, string Weak)[] Table =
    [
        (Categories.Transport,
            "uber|taxi|táxi|cab|cabs|lyft|bus|ônibus|onibus|busão|metro|metrô|subway|tube|train|trem|gas|gasolina|petrol|fuel|combustível|combustivel|etanol|diesel|parking|estacionamento|toll|tolls|pedágio|pedagio|fare|oyster|bilhete único|car wash|lavagem|lava jato|mechanic|mecânico|mecanico|oficina|pneu|tires|tyres|oil change|troca de óleo|car insurance|seguro do carro|car repair|auto repair|car service|car maintenance|manutenção do carro|conserto do carro|ipva|posto|gas station|abasteci|abastecer|abastecimento|corrida|transit|ferry|tram|scooter|carpool|licenciamento",
            "car|carro|moto|transporte|transport|ride|rides"),
        (Categories.Groceries,
            "groceries|grocery|supermarket|supermercado|mercado|mercadinho|hipermercado|atacado|atacadão|padaria|bakery|açougue|acougue|butcher|feira|hortifruti|sacolão|sacolao|quitanda|pão|bread|milk|leite|eggs|ovos|fruits|fruit|frutas|meat|meats|vegetables|veggies|verduras|legumes|produce|compras do mês|food shopping|minimercado|empório|emporio|liquor store|mercearia",
            "market|compras"),
        (Categories.Dining,
            "lunch|dinner|breakfast|brunch|coffee|coffees|café|cafe|cafezinho|restaurant|restaurante|restaurantes|almoço|almoco|almocei|jantar|janta|jantei|lanche|lanches|snack|snacks|pizza|pizzas|burger|burgers|hamburguer|hambúrguer|sushi|pastel|pastéis|pasteis|coxinha|açaí|acai|sorvete|ice cream|bar|boteco|pub|pint|pints|beer|beers|cerveja|cervejas|chopp|chope|drinks|drink|takeaway|takeout|delivery|food|comida|refeição|refeicao|marmita|sandwich|sanduíche|sanduiche|bagel|donut|donuts|latte|cappuccino|espresso|tacos|taco|ramen|kebab|happy hour|dining|dining out|eating out|fast food|pastel de nata|pão de queijo|pao de queijo|café da manhã|cafe da manha|smoothie|juice|suco|rodízio|rodizio|churrascaria|churrasco|pizzaria|lanchonete|hamburgueria|sorveteria|doceria|cafeteria|bistro|diner|gelato|boba|salgado|salgados|esfiha|yakisoba|tapioca|meal|meals|tea|tip|tips|gorjeta|burrito|burritos|wings|cake|bolo|popcorn|pipoca|chips|candy|doces|chocolate|bakery treats|croissant|muffin|cookie|cookies|biscoito",
            "dessert|sobremesa|doce|bebida|wine|vinho"),
        (Categories.Housing,
            "rent|aluguel|mortgage|condomínio|condominio|condo fee|hoa|iptu|council tax|property tax|diarista|faxina|faxineira|cleaner|cleaning lady|housekeeper|repairs|reforma|home repair|plumber|encanador|eletricista|electrician|landlord|prestação da casa|financiamento da casa",
            "lar"),
        (Categories.Utilities,
            "electricity|electric|electric bill|power bill|luz|energia|conta de luz|water bill|conta de água|conta de agua|internet|wifi|wi-fi|broadband|phone bill|conta de celular|conta de telefone|telefone|gas bill|botijão|botijao|hydro|sewer|esgoto|tv a cabo|cable|heating|aquecimento|utilities|utility|mobile plan|phone plan|plano de celular|recarga|recarga de celular|top-up|airtime|data bundle",
            "água|agua|water|bill|conta|contas|phone|celular"),
        (Categories.Health,
            "pharmacy|farmácia|farmacia|drogaria|drugstore|chemist|medicine|medicines|meds|remédio|remedio|remédios|remedios|medicamento|medicamentos|doctor|médico|medico|médica|dentist|dentista|consulta|exame|exames|blood test|hospital|clinic|clínica|clinica|copay|plano de saúde|plano de saude|health insurance|therapy|therapist|terapia|psicólogo|psicologo|psicóloga|physio|fisioterapia|gym|academia|crossfit|pilates|yoga|vet|veterinário|veterinario|vitamins|vitaminas|glasses|óculos|oculos|optometrist|laboratório|vacina|vaccine|prescription|ibuprofen|tylenol|advil|aspirin|aspirina|dipirona|raio x|raio-x|x-ray|pediatra|ortodontista|nutricionista",
            "saúde|saude|health"),
        (Categories.Entertainment,
            "movie|movies|cinema|film|theater|theatre|teatro|concert|show|shows|ingresso|ingressos|game|games|jogo|jogos|videogame|bowling|boliche|museum|museu|balada|karaoke|escape room|stadium|estádio|playstation|xbox|nintendo|netflix party|parque|amusement park|zoo|zoológico|streaming rental|fliperama|arcade|comedy|stand up",
            "tickets|ticket|fun|lazer|party|festa"),
        (Categories.Shopping,
            "clothes|clothing|roupa|roupas|shoes|sapato|sapatos|tênis|tenis|sneakers|shirt|shirts|camisa|camiseta|camisetas|jeans|calça|calca|vestido|dress|jacket|jaqueta|casaco|costume|fantasia|couch|furniture store|electronics|eletrônicos|eletronicos|laptop|notebook|headphones|fone|charger|carregador|tv|television|televisão|furniture|móveis|moveis|sofa|sofá|decor|decoração|tools|ferramentas|shopping|mall|toys|toy|brinquedo|brinquedos|ração|racao|petshop|pet shop|pet food|dog food|backpack|mochila|handbag|bolsa|watch|relógio|relogio|kitchen|utensílios|hardware|new phone|celular novo|smartphone|iphone|ipad|tablet|console|bike|bicicleta|cadeira|chair|desk|mesa|lamp|lâmpada|eletrodoméstico|helmet|capacete|umbrella|guarda-chuva|sunglasses|óculos de sol|belt|cinto|hat|boné|socks|meias|gloves|luvas|scarf|cachecol|batteries|pilhas|phone case|capinha|keyboard|teclado|printer|impressora|padlock|cadeado|mattress|colchão|colchao|pillow|travesseiro|towel|towels|toalha|toalhas|blender|liquidificador|microwave|micro-ondas|fridge|geladeira|ventilador|vacuum cleaner|aspirador|stroller|carrinho de bebê|underwear|cueca|cuecas|bermuda|shorts|sandals|sandália|chinelo|pajamas|pijama|swimsuit|biquíni|maiô",
            "store|loja|app|online|compra|comprei|bought|order|pedido"),
        (Categories.Subscriptions,
            "subscription|subscriptions|assinatura|assinaturas|streaming|premium",
            "mensalidade|membership|monthly|plan|plano"),
        (Categories.Travel,
            "hotel|hotels|hostel|pousada|airbnb|flight|flights|voo|vôo|passagem aérea|passagem aerea|airfare|airline|plane ticket|viagem|trip|travel|travel insurance|resort|car rental|aluguel de carro|rental car|cruise|luggage|mala|passport|passaporte|motel|hospedagem|excursão|tour",
            "passagem|passagens"),
        (Categories.Education,
            "tuition|school|escola|faculdade|college|university|universidade|course|courses|curso|cursos|class|classes|aula|aulas|lesson|lessons|books|book|livro|livros|textbook|material escolar|apostila|tutor|tutoring|workshop|seminar|school supplies|mensalidade escolar|mensalidade da faculdade|matrícula|matricula|inglês|ingles|english class|kindle|ebook",
            "study|estudo"),
        (Categories.PersonalCare,
            "haircut|hair cut|hair|cabelo|corte de cabelo|cabeleireiro|cabeleireira|barber|barbeiro|barbearia|salon|salão|salao|manicure|pedicure|nails|unha|unhas|spa|massage|massagem|cosmetics|cosméticos|cosmeticos|makeup|maquiagem|perfume|perfumes|skincare|shampoo|depilação|depilacao|waxing|estética|estetica|toiletries|deodorant|desodorante|sabonete|creme|laundry|laundromat|lavanderia|dry cleaner|dry cleaning",
            "beauty|beleza"),
        (Categories.Gifts,
            "gift|gifts|present|presents|presente|presentes|birthday gift|flowers|flores|donation|donations|doação|doacao|doações|charity|caridade|amigo secreto|secret santa|dízimo|dizimo|tithe|wedding gift|vaquinha|oferta|lembrancinha",
            "birthday|aniversário|aniversario"),
        (Categories.Fees,
            "fee|fees|tarifa|tarifas|taxa|bank fee|atm fee|late fee|overdraft|overdraft fee|juros|anuidade|iof|multa|multa de trânsito|fine|parking ticket|speeding ticket|penalty|service charge|cheque especial|bank charge|interest charge|mora|admin charge|admin fee|transaction charge|account fee|monthly fee",
            "interest|banco|bank"),
    ];

    // A misspelt strong word (weight 3) still beats an exact weak hint (2).
    private const int StrongWeight = 4, WeakWeight = 2;

    private static readonly FrozenDictionary<string, Hit> Exact;
    private static readonly FrozenDictionary<string, Hit> Folded;
    private static readonly string[] FuzzyKeys;
    private static readonly ConcurrentDictionary<string, string> FuzzyMemo = new(StringComparer.Ordinal);

    static CategoryKeywords()
    {
        var exact = new Dictionary<string, Hit>(StringComparer.Ordinal);
        var folded = new Dictionary<string, Hit>(StringComparer.Ordinal);
        foreach (var (category, strong, weak) in Table)
        {
            foreach (var (words, weight) in new[] { (strong, StrongWeight), (weak, WeakWeight) })
                foreach (var word in words.Split('|'))
                {
                    exact.TryAdd(word, new Hit(category, weight));
                    folded.TryAdd(MessageTokenizer.Fold(word), new Hit(category, weight));
                }
        }
        Exact = exact.ToFrozenDictionary(StringComparer.Ordinal);
        Folded = folded.ToFrozenDictionary(StringComparer.Ordinal);
        // Only strong words are worth guessing at: a typo that lands on a weak hint ("waiter" → "water") misleads.
        FuzzyKeys = folded.Where(e => e.Key.Length >= 5 && !e.Key.Contains(' ') && e.Value.Weight == StrongWeight).Select(e => e.Key).ToArray();
    }

    /// <summary>A two-word phrase ("gas bill", "conta de luz" as "conta luz" is not tried) or a single word.</summary>
    public static Hit? Lookup(string text, string folded, string language)
    {
        // "gás" in Brazil is cooking gas (a utility); "gas" in English is fuel.
        if (language == "pt" && folded == "gas") return new Hit(Categories.Utilities, StrongWeight);
        if (Exact.TryGetValue(text, out var hit) || Folded.TryGetValue(folded, out hit)) return hit;
        if (folded.Length >= 5 && Corrected(folded) is { } corrected && Folded.TryGetValue(corrected, out hit))
            return hit with { Weight = hit.Weight - 1, Corrected = true };
        return null;
    }

    public static Hit? LookupPhrase(string foldedPhrase) => Folded.TryGetValue(foldedPhrase, out var hit) ? hit : null;

    public static bool IsStrong(Hit hit) => hit.Weight > WeakWeight;

    public static bool IsKeyword(string text, string folded) => Exact.ContainsKey(text) || Folded.ContainsKey(folded);

    /// <summary>The keyword a misspelt word most likely meant ("grocerys" → "groceries"), or null. Remembered,
    /// because people repeat their typos and the search walks the whole vocabulary.</summary>
    public static string? Corrected(string folded)
    {
        if (FuzzyMemo.TryGetValue(folded, out var known)) return known.Length == 0 ? null : known;
        string? best = null;
        var bestDistance = int.MaxValue;
        var allowed = folded.Length >= 9 ? 2 : 1;
        foreach (var key in FuzzyKeys)
        {
            if (Math.Abs(key.Length - folded.Length) > allowed) continue;
            var d = EditDistance.Bounded(folded, key, allowed);
            if (d < bestDistance) { bestDistance = d; best = key; }
        }
        var result = bestDistance <= allowed ? best : null;
        if (FuzzyMemo.Count < 10_000) FuzzyMemo[folded] = result ?? "";
        return result;
    }
}
