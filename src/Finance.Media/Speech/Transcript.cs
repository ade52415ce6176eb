namespace Finance.Media.Speech;

/// <summary>What a voice note said, which engine heard it, and how long it was.</summary>
public sealed record Transcript(string Text, string Engine, TimeSpan Duration);
