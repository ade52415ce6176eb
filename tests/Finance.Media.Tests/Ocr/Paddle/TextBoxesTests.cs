using Finance.Media.Ocr.Paddle;

namespace Finance.Media.Tests.Ocr.Paddle;

public sealed class TextBoxesTests
{
    /// <summary>A map of <paramref name="width"/> × <paramref name="height"/> with the given rectangles at one probability each.</summary>
    private static float[] Map(int width, int height, params (int Left, int Top, int Right, int Bottom, float P)[] regions)
    {
        var map = new float[width * height];
        foreach (var (left, top, right, bottom, p) in regions)
            for (var y = top; y < bottom; y++)
            for (var x = left; x < right; x++) map[y * width + x] = p;
        return map;
    }

    [Fact]
    public void Each_sure_region_is_a_box_grown_by_the_margin_the_detector_shrank_it_by()
    {
        var map = Map(200, 100, (10, 10, 90, 20, 0.9f), (120, 60, 180, 70, 0.8f));

        var boxes = TextBoxes.Find(map, 200, 100);

        // 80 × 10: grown by round(800 × 1.5 / 180) = 7 on every side; 60 × 10 by round(600 × 1.5 / 140) = 6.
        Assert.Equal([new TextBoxes.Box(3, 3, 97, 27), new TextBoxes.Box(114, 54, 186, 76)], boxes);
    }

    [Fact]
    public void Faint_regions_and_specks_are_not_text()
    {
        var map = Map(100, 50, (5, 5, 60, 15, 0.5f), (70, 30, 72, 32, 0.95f), (10, 30, 50, 40, 0.2f));

        Assert.Empty(TextBoxes.Find(map, 100, 50));
    }

    [Fact]
    public void A_grown_box_stays_on_the_map()
    {
        var map = Map(50, 20, (0, 0, 50, 8, 0.9f));

        var box = Assert.Single(TextBoxes.Find(map, 50, 20));

        Assert.Equal(new TextBoxes.Box(0, 0, 50, 13), box);
    }

    [Fact]
    public void Boxes_are_read_line_by_line_and_left_to_right()
    {
        TextBoxes.Box total = new(20, 100, 80, 120), amount = new(300, 98, 360, 121), date = new(20, 140, 120, 160), shop = new(50, 10, 250, 40);

        var lines = TextBoxes.Lines([amount, date, total, shop]);

        Assert.Equal([[shop], [total, amount], [date]], lines);
    }
}
