using Finance.Banks.Descriptions;
using Finance.Banks.Ingest;
using Finance.Banks.Statements;
using Finance.Understanding.Parsing;
using Microsoft.Extensions.DependencyInjection;

namespace Finance.Banks;

public static class BanksSetup
{
    /// <summary>Bank rows in (ingest, matcher, statement files) with the parser's merchant list and classifier.</summary>
    public static IServiceCollection AddBanks(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var parser = sp.GetRequiredService<RuleParser>();
            return new BankDescriptions(parser.Merchants, parser.Classifier);
        });
        services.AddSingleton<BankRowStore>();
        services.AddSingleton<BankIngest>();
        services.AddSingleton<StatementImport>();
        services.AddSingleton<StatementUploadStore>();
        services.AddSingleton<Export.LedgerExport>();
        return services;
    }
}
