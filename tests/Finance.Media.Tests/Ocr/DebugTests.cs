using Xunit.Abstractions;
namespace Finance.Media.Tests.Ocr;
public sealed class DebugTests(ITestOutputHelper log)
{
    [Theory]
    [InlineData("/tmp/d.tiff")]
    [InlineData("/tmp/d2.tiff")]
    public async Task Dump(string file)
    {
        var r = await ReceiptScannerTests.Engine.Value.RecognizeAsync(File.ReadAllBytes(file), default);
        log.WriteLine(r.Text);
    }
}
