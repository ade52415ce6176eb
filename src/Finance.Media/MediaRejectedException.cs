namespace Finance.Media;

/// <summary>Why a voice note or photo was refused, so a reply can say so plainly.</summary>
public enum MediaRejection
{
    /// <summary>The file has no bytes.</summary>
    Empty,
    /// <summary>More bytes than the configured limit.</summary>
    TooLarge,
    /// <summary>Audio longer than the configured limit.</summary>
    TooLong,
    /// <summary>An image whose header declares more pixels than the limit (a decompression bomb, or just huge).</summary>
    TooManyPixels,
    /// <summary>The bytes claim a known format but cannot be decoded (corrupt, truncated).</summary>
    Unreadable,
    /// <summary>Not an image at all (a PDF, a document, text) sent where a photo was expected.</summary>
    NotAnImage,
    /// <summary>No configured speech engine understands the language of the voice note.</summary>
    LanguageNotSupported,
}

/// <summary>A voice note or photo refused before or while decoding; never a crash.</summary>
public sealed class MediaRejectedException(MediaRejection reason, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public MediaRejection Reason { get; } = reason;
}
