namespace Finance.Media.Ocr.Paddle;

/// <summary>
/// PP-OCR's detector gives, for every pixel of the page it saw, the probability that it lies inside text (a DB "shrink"
/// map). The boxes to read are its connected regions above <see cref="PixelThreshold"/>, each kept when the region's mean
/// probability reaches <see cref="RegionThreshold"/> and grown back by the margin the detector was trained to shrink text by
/// (DB's unclip: the box's area × <see cref="UnclipRatio"/> / its perimeter). PaddleOCR's own post-processing fits rotated
/// rectangles to the regions' contours; the page here is deskewed first, so upright boxes do.
/// </summary>
internal static class TextBoxes
{
    public const float PixelThreshold = 0.3f;
    public const float RegionThreshold = 0.6f;
    public const float UnclipRatio = 1.5f;
    private const int MinSide = 3;

    /// <summary>An upright box in the map's pixels, edges inclusive-exclusive (<see cref="Right"/>, <see cref="Bottom"/> are past it).</summary>
    public readonly record struct Box(int Left, int Top, int Right, int Bottom)
    {
        public int Width => Right - Left;
        public int Height => Bottom - Top;
    }

    /// <summary>The text boxes of a probability map (row by row, <paramref name="width"/> × <paramref name="height"/>),
    /// grown and clipped to the map.</summary>
    public static List<Box> Find(ReadOnlySpan<float> map, int width, int height)
    {
        if (map.Length != width * height) throw new ArgumentException($"A {width} × {height} map has {width * height} values, not {map.Length}.");
        var boxes = new List<Box>();
        var seen = new bool[map.Length];
        var stack = new Stack<int>();
        for (var start = 0; start < map.Length; start++)
        {
            if (seen[start] || map[start] <= PixelThreshold) continue;
            // One region, 8-connected like the contours DB's post-processing traces.
            var (left, top, right, bottom, sum, count) = (int.MaxValue, int.MaxValue, -1, -1, 0.0, 0);
            seen[start] = true;
            stack.Push(start);
            while (stack.Count > 0)
            {
                var at = stack.Pop();
                var (x, y) = (at % width, at / width);
                (left, right, top, bottom) = (Math.Min(left, x), Math.Max(right, x), Math.Min(top, y), Math.Max(bottom, y));
                sum += map[at];
                count++;
                for (var dy = -1; dy <= 1; dy++)
                for (var dx = -1; dx <= 1; dx++)
                {
                    var (nx, ny) = (x + dx, y + dy);
                    if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
                    var next = ny * width + nx;
                    if (seen[next] || map[next] <= PixelThreshold) continue;
                    seen[next] = true;
                    stack.Push(next);
                }
            }
            var (w, h) = (right - left + 1, bottom - top + 1);
            if (w < MinSide || h < MinSide || sum / count < RegionThreshold) continue;
            var grow = (int)Math.Round(w * h * UnclipRatio / (2.0 * (w + h)));
            boxes.Add(new Box(Math.Max(0, left - grow), Math.Max(0, top - grow), Math.Min(width, right + 1 + grow), Math.Min(height, bottom + 1 + grow)));
        }
        return boxes;
    }

    /// <summary>Boxes in reading order, put into lines: a box joins a line when it overlaps the line's height by half of the
    /// smaller of the two; within a line, left to right.</summary>
    public static List<List<Box>> Lines(IEnumerable<Box> boxes)
    {
        var lines = new List<(int Top, int Bottom, List<Box> Boxes)>();
        foreach (var box in boxes.OrderBy(b => b.Top + b.Bottom).ThenBy(b => b.Left))
        {
            var at = lines.FindIndex(l => Math.Min(l.Bottom, box.Bottom) - Math.Max(l.Top, box.Top) >= Math.Min(l.Bottom - l.Top, box.Height) / 2.0);
            if (at < 0) lines.Add((box.Top, box.Bottom, [box]));
            else lines[at] = (Math.Min(lines[at].Top, box.Top), Math.Max(lines[at].Bottom, box.Bottom), [.. lines[at].Boxes, box]);
        }
        return [.. lines.Select(l => l.Boxes.OrderBy(b => b.Left).ToList())];
    }
}
