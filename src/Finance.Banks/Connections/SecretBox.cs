using System.Security.Cryptography;
using System.Text;

namespace Finance.Banks.Connections;

/// <summary>AES-256-GCM for provider secrets at rest: nonce, tag and ciphertext in one value; the connection's
/// context and provider are bound in as associated data, so a value copied to another row does not open. Without a
/// key (no bank provider configured) the box exists but refuses to seal or open anything.</summary>
public sealed class SecretBox(byte[]? key)
{
    private const int NonceSize = 12;
    private const int TagSize = 16;

    /// <summary>The box of a Finance:Banks:EncryptionKey setting; keyless when it is not set.</summary>
    public static SecretBox FromBase64(string? key)
    {
        if (string.IsNullOrWhiteSpace(key)) return new SecretBox(null);
        var bytes = Convert.FromBase64String(key.Trim());
        if (bytes.Length != 32) throw new ArgumentException("Finance:Banks:EncryptionKey must be 32 bytes, base64.", nameof(key));
        return new SecretBox(bytes);
    }

    /// <summary>Whether a setting is a usable key: 32 bytes in base64.</summary>
    public static bool IsKey(string? key)
    {
        var bytes = new byte[48];
        return key is not null && Convert.TryFromBase64String(key.Trim(), bytes, out var length) && length == 32;
    }

    public byte[] Seal(string secret, string boundTo)
    {
        var plain = Encoding.UTF8.GetBytes(secret);
        var sealedValue = new byte[NonceSize + TagSize + plain.Length];
        var nonce = sealedValue.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(Key, TagSize);
        aes.Encrypt(nonce, plain, sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), Encoding.UTF8.GetBytes(boundTo));
        return sealedValue;
    }

    /// <summary>Throws <see cref="AuthenticationTagMismatchException"/> for a value sealed with another key or for another row.</summary>
    public string Open(byte[] sealedValue, string boundTo)
    {
        var plain = new byte[sealedValue.Length - NonceSize - TagSize];
        using var aes = new AesGcm(Key, TagSize);
        aes.Decrypt(sealedValue.AsSpan(0, NonceSize), sealedValue.AsSpan(NonceSize + TagSize), sealedValue.AsSpan(NonceSize, TagSize), plain,
            Encoding.UTF8.GetBytes(boundTo));
        return Encoding.UTF8.GetString(plain);
    }

    private byte[] Key => key ?? throw new InvalidOperationException("Finance:Banks:EncryptionKey is not set.");
}
