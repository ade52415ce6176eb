namespace Finance.Understanding.Classification;

/// <summary>What <see cref="CategoryClassifier.Train"/> did: rows used, held-out accuracy, time and model size.</summary>
public sealed record TrainingReport(
    int Rows,
    int TrainingRows,
    int HeldOutRows,
    double HeldOutAccuracy,
    double HeldOutMacroAccuracy,
    TimeSpan Elapsed,
    long ModelBytes);
