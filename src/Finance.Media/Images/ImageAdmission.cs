namespace Finance.Media.Images;

public static class ImageAdmission
{
    /// <summary>Refuses, before any decoder runs, an image that is empty, too big, not an image, or has too many pixels.</summary>
    public static ImageHeader Admit(ReadOnlySpan<byte> data, MediaLimits limits)
    {
        if (data.Length > limits.MaxImageBytes)
            throw new MediaRejectedException(MediaRejection.TooLarge,
                $"The image is {data.Length / 1048576.0:0.#} MB; the limit is {limits.MaxImageBytes / 1048576.0:0.#} MB.");
        var header = ImageHeader.Read(data);
        if (header.Pixels > limits.MaxImagePixels)
            throw new MediaRejectedException(MediaRejection.TooManyPixels,
                $"The image is {header.Width} × {header.Height} pixels; the limit is {limits.MaxImagePixels / 1e6:0.#} megapixels.");
        return header;
    }
}
