namespace Finance.Conversation.Summaries;

/// <summary>The sentences of summaries, subscriptions and budgets, in English and Brazilian Portuguese.</summary>
public sealed record SummaryPhrases(
    string WeekTitle,
    string MonthTitle,
    string NothingBooked,
    string New,
    string TopPlaces,
    string Budgets,
    string BudgetLine,
    string DueSoon,
    string ChartThis,
    string ChartPrevious)
{
    public static SummaryPhrases For(string language) => language == "pt" ? Portuguese : English;

    public static readonly SummaryPhrases English = new(
        WeekTitle: "📊 Week of {1} – {2} in \"{0}\"",
        MonthTitle: "📊 Month of {1} – {2} in \"{0}\"",
        NothingBooked: "Nothing booked in this period.",
        New: "new",
        TopPlaces: "Top places: {0}",
        Budgets: "Budgets this month:",
        BudgetLine: "{0}: {1} of {2} ({3:0}%)",
        DueSoon: "Due in the next 7 days:",
        ChartThis: "This period",
        ChartPrevious: "Previous");

    public static readonly SummaryPhrases Portuguese = new(
        WeekTitle: "📊 Semana de {1} – {2} em \"{0}\"",
        MonthTitle: "📊 Mês de {1} – {2} em \"{0}\"",
        NothingBooked: "Nada anotado neste período.",
        New: "novo",
        TopPlaces: "Onde mais gastou: {0}",
        Budgets: "Orçamentos do mês:",
        BudgetLine: "{0}: {1} de {2} ({3:0}%)",
        DueSoon: "Vencem nos próximos 7 dias:",
        ChartThis: "Este período",
        ChartPrevious: "Anterior");
}
