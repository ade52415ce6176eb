using System.Globalization;
using Finance.Banks.Connections;
using Quartz;

namespace Finance.Jobs.Banks;

/// <summary>One connection's sync, queued (<see cref="QuartzBankSyncQueue"/>) by /bank sync or by a sync that failed
/// part-way; the request rides in the trigger's data. Runs beside the scheduled sync: the connection's row lock, not
/// Quartz, keeps two syncs of one connection apart.</summary>
public sealed class BankSyncNowJob(BankSyncRun run) : IJob
{
    public const string Name = "bank-sync-now";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await run.RunRequestedAsync(Read(context.MergedJobDataMap), cancellationToken);

    public static JobDataMap Write(BankSyncRequest request)
    {
        var data = new JobDataMap
        {
            ["connection"] = request.ConnectionId.ToString(CultureInfo.InvariantCulture),
            ["context"] = request.ContextId.ToString(),
            ["user"] = request.UserId.ToString(),
            ["asked"] = request.Asked ? "true" : "false",
            ["attempt"] = request.Attempt.ToString(CultureInfo.InvariantCulture),
        };
        if (request is { Channel: { } channel, ChatId: { } chat })
        {
            data["channel"] = channel;
            data["chat"] = chat;
        }
        if (request.MessageId is { } message) data["message"] = message;
        return data;
    }

    public static BankSyncRequest Read(JobDataMap data) => new(
        long.Parse(data.GetString("connection")!, CultureInfo.InvariantCulture),
        Guid.Parse(data.GetString("context")!),
        Guid.Parse(data.GetString("user")!),
        data.GetString("channel"),
        data.GetString("chat"),
        data.GetString("asked") == "true",
        int.Parse(data.GetString("attempt")!, CultureInfo.InvariantCulture),
        data.GetString("message"));
}
