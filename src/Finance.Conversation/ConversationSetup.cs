using Finance.Conversation.Commands;
using Finance.Conversation.Summaries;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Conversation;

public static class ConversationSetup
{
    public static IServiceCollection AddConversation(this IServiceCollection services)
    {
        services.AddSingleton<Booking>();
        services.AddSingleton<ReceiptBooking>();
        services.AddSingleton<ReceiptDuplicates>();
        services.AddSingleton<Undo>();
        services.AddSingleton<SummaryComposer>();
        services.AddSingleton<Summary>();
        services.AddSingleton<Subscriptions>();
        services.AddSingleton<Budgets>();
        services.AddSingleton<CategoryCorrection>();
        services.AddSingleton<SpendingQuestion>();
        services.AddSingleton<Settings>();
        services.AddSingleton<Contexts>();
        services.AddSingleton<Move>();
        services.AddSingleton<Corrections>();
        services.AddSingleton<Statements>();
        services.AddSingleton<Export>();
        services.AddSingleton<Bank>();
        services.AddSingleton<ConversationHandler>();
        return services;
    }
}
