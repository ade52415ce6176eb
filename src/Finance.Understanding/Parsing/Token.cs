namespace Finance.Understanding.Parsing;

public enum TokenKind { Word, Number, Currency, Separator, Question, Slash }

/// <summary>One piece of a message. <see cref="Folded"/> is the lower-case text without diacritics (for
/// matching "almoco" to "almoço"); <see cref="Value"/> is set for numbers; <see cref="Glued"/> says
/// no space came before it ("2x", "1.5k", "15th", "R$12").</summary>
public readonly record struct Token(TokenKind Kind, string Text, string Folded, decimal Value, bool Glued, bool HasSeparator)
{
    public bool IsWord => Kind == TokenKind.Word;
    public bool IsNumber => Kind == TokenKind.Number;
    public bool IsSmallInteger => Kind == TokenKind.Number && !HasSeparator && Value is >= 1 and <= 31;
    public bool Is(string folded) => Kind == TokenKind.Word && Folded == folded;
    public override string ToString() => Text;
}
