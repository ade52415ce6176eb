using Finance.Benchmarks;

// dotnet run -c Release --project bench/Finance.Benchmarks -- <name> [options]; one file per benchmark.
var name = args.Length > 0 ? args[0] : "";
var rest = args.Skip(1).ToArray();
return name switch
{
    "pipeline" => await PipelineBench.RunAsync(rest),
    "intake" => await IntakeBench.RunAsync(rest),
    "booking" => await BookingBench.RunAsync(rest),
    "understanding" => await UnderstandingBench.RunAsync(rest),
    "media" => await MediaBench.RunAsync(rest),
    "chaos" => await ChaosBench.RunAsync(rest),
    "media-sweep" => await MediaSweepBench.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Finance.Benchmarks pipeline|intake|booking|understanding|media|chaos|media-sweep [options]");
    return 2;
}
