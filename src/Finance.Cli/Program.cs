using Finance.Cli;

// `finance <command> …` — one file per command, each a static RunAsync(args, ct) returning an exit code.
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var command = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
return command switch
{
    "parse" => await ParseCommand.RunAsync(rest, cancel.Token),
    "eval" => await EvalCommand.RunAsync(rest, cancel.Token),
    "merchants-eval" => await MerchantsEvalCommand.RunAsync(rest, cancel.Token),
    "train" => await TrainCommand.RunAsync(rest, cancel.Token),
    "ocr" => await OcrCommand.RunAsync(rest, cancel.Token),
    "transcribe" => await TranscribeCommand.RunAsync(rest, cancel.Token),
    "migrate" => await MigrateCommand.RunAsync(rest, cancel.Token),
    "models" => await ModelsCommand.RunAsync(rest, cancel.Token),
    "summary" => await SummaryCommand.RunAsync(rest, cancel.Token),
    "import" => await ImportCommand.RunAsync(rest, cancel.Token),
    "export" => await ExportCommand.RunAsync(rest, cancel.Token),
    "eval-banks" => await BankEvalCommand.RunAsync(rest, cancel.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: finance <command> [options]
          parse --jsonl [--now ISO] [--tz ZONE] [--currency CODE] [--lang en|pt] [--details]
                                                                   one message per stdin line → one JSON per line
          eval [CORPUS] [--verbose]                                per-field accuracy of the parser on a labelled corpus
          merchants-eval --held-out TSV [--brands TSV] [--verbose]  category accuracy on brand names (see models/merchants/README.md)
          train [--data TSV] [--out MODEL]                         retrain the category classifier
          ocr FILE…                                                one JSON per receipt image
          ocr --eval DIR [--verbose]                               total/date/merchant accuracy and time on labelled receipts
          transcribe [--language LANG] FILE…                       one JSON per audio file
          transcribe --eval DIR [--split held-out|tuning|all] [--audio-cache DIR] [--verbose]
                                                                   spoken-number accuracy and real-time factor on
                                                                   labelled recordings (FSDD: DIGIT_SPEAKER_INDEX.wav)
          models fetch whisper-base|whisper-tiny|whisper-base.en   download a Whisper model (SHA-256 checked) into models/speech
          migrate                                                  apply SQL migrations to ConnectionStrings__Finance
          summary --context ID [--period week|month] [--at TIME] [--png FILE]
                                                                   a context's summary as the bot sends it, chart to FILE
          import FILE --context ID [--dry-run] [--day-first|--month-first] [--decimal-comma|--decimal-dot] [--positive-income|--positive-expense]
                                                                   a statement (OFX/QFX, CAMT.053, CSV) into a context; dry run: one JSON per row
          export --context ID --format csv|ofx [--from DATE] [--to DATE] [--out FILE]
                                                                   a context's ledger as a CSV or OFX file
          eval-banks FILE [--country ZA] [--verbose]               category accuracy on labelled real bank descriptions
        """);
    return 2;
}
