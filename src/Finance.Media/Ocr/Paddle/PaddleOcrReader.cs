using Finance.Understanding.Receipts;
using Microsoft.ML.OnnxRuntime;
using static Finance.Media.Native.Leptonica;

namespace Finance.Media.Ocr.Paddle;

/// <summary>
/// PaddleOCR's PP-OCRv4 mobile detector and recogniser (ONNX, run in-process by ONNX Runtime): a second, much stronger
/// reader than Tesseract's networks for the receipts the quick reading leaves unsure (<see cref="OcrPass.Thorough"/>). The
/// detector finds the text boxes on the prepared page (<see cref="TextBoxes"/>), the recogniser reads each box at 48 px high
/// (<see cref="CtcLine"/>). On the SROIE tuning part, as the thorough reading, it read 9 totals and 5 dates more than
/// Tesseract's (docs/receipts.md, thirteenth round). One session of each model serves every scan: ONNX Runtime runs a session
/// from many threads at once, and each run here uses one thread, like each Tesseract engine.
/// </summary>
internal sealed class PaddleOcrReader : IDisposable
{
    private const int LineHeight = 48;

    /// <summary>A box is never read wider than this (512 of the recogniser's steps): a thin box the detector stretched across
    /// the page would otherwise cost a second.</summary>
    private const int MostLineWidth = 4096;

    /// <summary>The detector's memory grows with the page's area (a receipt 1000 px wide and 2,500 long is typical): a
    /// till roll photographed whole is read smaller rather than let one scan take gigabytes.</summary>
    private const int MostDetectorSide = 4096;

    // ImageNet's statistics, which the detector was trained with, per input channel; the page is grey, so all three carry it.
    private static readonly float[] DetectorMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] DetectorDeviation = [0.229f, 0.224f, 0.225f];

    // The recogniser's: (v − 0.5) / 0.5, the grey from −1 to 1.
    private static readonly float[] RecogniserMean = [0.5f, 0.5f, 0.5f];
    private static readonly float[] RecogniserDeviation = [0.5f, 0.5f, 0.5f];

    private readonly InferenceSession _detector;
    private readonly InferenceSession _recogniser;
    private readonly char[] _characters;

    /// <summary>The owner's hold and one for each reading under way: the sessions are freed when the last is let go, so an
    /// engine disposed while a scan runs does not pull the models from under it.</summary>
    private int _holds = 1;
    private int _disposed;

    public PaddleOcrReader(PaddleOcrModels.Files files)
    {
        using var options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            // Every box is read at its own width: a memory plan per shape costs more to make and keep than it saves (on four
            // receipts, 1.59 → 1.21 GB at most, the thorough pass's p90 2.9 → 1.7 s).
            EnableMemoryPattern = false,
        };
        _detector = new InferenceSession(files.Detector, options);
        try
        {
            _recogniser = new InferenceSession(files.Recogniser, options);
        }
        catch
        {
            _detector.Dispose();
            throw;
        }
        _characters = CtcLine.Characters(File.ReadAllLines(files.Characters));
        // A key file that does not fit the recogniser would misname every character: refused when the engine is made.
        if (_recogniser.OutputMetadata.Values.First().Dimensions[^1] is var classes && classes != _characters.Length + 2)
        {
            Dispose();
            throw new InvalidDataException($"{files.Recogniser} has {classes} classes; {files.Characters} names {_characters.Length} characters (expected classes = characters + blank + space).");
        }
    }

    /// <summary>The page's words, line by line, as <see cref="OcrResult"/> gives Tesseract's: boxes in the page's pixels,
    /// confidences 0–100 (the recogniser's probabilities).</summary>
    /// <param name="page">The prepared page: 8-bit grey.</param>
    /// <param name="deadline">Cancelled at the recognition's deadline: the model run under way stops.</param>
    public (string Text, float Confidence, IReadOnlyList<OcrWord> Words) Read(IntPtr page, CancellationToken deadline)
    {
        if (!Hold()) throw new ObjectDisposedException(nameof(PaddleOcrReader));
        try
        {
            return ReadHeld(page, deadline);
        }
        finally
        {
            Release();
        }
    }

    private (string Text, float Confidence, IReadOnlyList<OcrWord> Words) ReadHeld(IntPtr page, CancellationToken deadline)
    {
        using var run = new RunOptions();
        using var stop = deadline.Register(() => run.Terminate = true);
        var (width, height) = (pixGetWidth(page), pixGetHeight(page));
        var words = new List<OcrWord>();
        var lines = TextBoxes.Lines(Detect(page, width, height, run));
        for (var line = 0; line < lines.Count; line++)
            foreach (var box in lines[line])
            {
                deadline.ThrowIfCancellationRequested();
                var read = Recognise(page, box, run, out var scale);
                foreach (var (text, left, right, confidence) in CtcLine.Words(read, step => box.Left + step * CtcLine.StepWidth / scale))
                    words.Add(new OcrWord(text, (int)left, box.Top, Math.Max(1, (int)(right - left)), box.Height, confidence, line));
            }
        var textLines = words.GroupBy(w => w.Line).Select(l => string.Join(' ', l.Select(w => w.Text)));
        return (string.Join('\n', textLines), words.Count > 0 ? words.Average(w => w.Confidence) : 0, words);
    }

    /// <summary>The text boxes, in the page's pixels: the detector sees the page at sides rounded to multiples of 32 px, and
    /// a page longer than <see cref="MostDetectorSide"/> scaled down to it.</summary>
    private List<TextBoxes.Box> Detect(IntPtr page, int width, int height, RunOptions run)
    {
        var scale = Math.Min(1.0, MostDetectorSide / (double)Math.Max(width, height));
        var (inputWidth, inputHeight) = (Math.Max(32, (int)Math.Round(width * scale / 32.0) * 32), Math.Max(32, (int)Math.Round(height * scale / 32.0) * 32));
        var input = Tensor(page, inputWidth, inputHeight, DetectorMean, DetectorDeviation);
        var map = Run(_detector, input, [1, 3, inputHeight, inputWidth], run, out var shape);
        var (mapWidth, mapHeight) = ((int)shape[^1], (int)shape[^2]);
        var (sx, sy) = (width / (double)mapWidth, height / (double)mapHeight);
        return [.. TextBoxes.Find(map, mapWidth, mapHeight).Select(b => new TextBoxes.Box(
            (int)(b.Left * sx), (int)(b.Top * sy), Math.Min(width, (int)Math.Ceiling(b.Right * sx)), Math.Min(height, (int)Math.Ceiling(b.Bottom * sy))))];
    }

    /// <summary>One box cut from the page, scaled to 48 px high keeping its shape, and read; <paramref name="scale"/> is how
    /// much it was scaled, to map the steps back.</summary>
    private List<CtcLine.Character> Recognise(IntPtr page, TextBoxes.Box box, RunOptions run, out float scale)
    {
        var inputWidth = Math.Clamp((int)Math.Round(box.Width * (double)LineHeight / box.Height), CtcLine.StepWidth, MostLineWidth);
        scale = inputWidth / (float)box.Width;
        float[] input;
        var cut = pixCreate(box.Width, box.Height, 8);
        if (cut == IntPtr.Zero) throw new InvalidOperationException("leptonica could not allocate a text box.");
        try
        {
            pixRasterop(cut, 0, 0, box.Width, box.Height, CopySource, page, box.Left, box.Top);
            input = Tensor(cut, inputWidth, LineHeight, RecogniserMean, RecogniserDeviation);
        }
        finally
        {
            pixDestroy(ref cut);
        }
        var probabilities = Run(_recogniser, input, [1, 3, LineHeight, inputWidth], run, out var shape);
        return CtcLine.Decode(probabilities, (int)shape[^1], _characters);
    }

    /// <exception cref="OperationCanceledException">The run was stopped at the deadline (<see cref="RunOptions.Terminate"/>).</exception>
    private static float[] Run(InferenceSession session, float[] input, long[] shape, RunOptions run, out long[] outputShape)
    {
        using var tensor = OrtValue.CreateTensorValueFromMemory(input, shape);
        try
        {
            using var outputs = session.Run(run, [session.InputNames[0]], [tensor], [session.OutputNames[0]]);
            outputShape = outputs[0].GetTensorTypeAndShape().Shape;
            return outputs[0].GetTensorDataAsSpan<float>().ToArray();
        }
        catch (OnnxRuntimeException) when (run.Terminate)
        {
            throw new OperationCanceledException("PP-OCR was stopped at the recognition's deadline.");
        }
    }

    /// <summary>The grey Pix scaled to the size asked (leptonica: linear interpolation up, smoothing down) as the models'
    /// input: three planes, channel by channel, each pixel (v / 255 − mean) / deviation. Leptonica keeps four 8-bit pixels to
    /// a 32-bit word, the first in the most significant byte, so on a little-endian machine a row's bytes come in fours
    /// reversed.</summary>
    private static unsafe float[] Tensor(IntPtr pix, int width, int height, float[] mean, float[] deviation)
    {
        var scaled = pixScaleToSize(pix, width, height);
        if (scaled == IntPtr.Zero) throw new InvalidOperationException("leptonica could not scale a page for PP-OCR.");
        try
        {
            var stride = pixGetWpl(scaled) * 4;
            var pixels = new ReadOnlySpan<byte>((void*)pixGetData(scaled), stride * height);
            var (input, plane) = (new float[3 * width * height], width * height);
            for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var v = pixels[y * stride + (x ^ 3)] / 255f;
                for (var c = 0; c < 3; c++) input[c * plane + y * width + x] = (v - mean[c]) / deviation[c];
            }
            return input;
        }
        finally
        {
            pixDestroy(ref scaled);
        }
    }

    private bool Hold()
    {
        for (var holds = Volatile.Read(ref _holds); holds > 0; holds = Volatile.Read(ref _holds))
            if (Interlocked.CompareExchange(ref _holds, holds + 1, holds) == holds) return true;
        return false;
    }

    private void Release()
    {
        if (Interlocked.Decrement(ref _holds) > 0) return;
        _detector.Dispose();
        _recogniser.Dispose();
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0) Release();
    }
}
