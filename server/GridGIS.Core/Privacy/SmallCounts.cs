namespace GridGIS.Core.Privacy;

/// <summary>
/// Small-count suppression, the first rule of <see cref="Disclosure"/> (which every aggregate endpoint applies) for
/// single counts: aggregates that could single out a household (heatmap cells, gap
/// household counts, per-grid nationality breakdowns). A count of 1..threshold-1 is withheld
/// (null) for every role but administrator; zero is not identifying and is shown. Callers say in
/// their output that suppression was applied (<see cref="Note"/>).
/// </summary>
public static class SmallCounts
{
    /// <summary>Default threshold: counts below 5 households are suppressed.</summary>
    public const int DefaultThreshold = 5;

    /// <summary>The count, or null when 0 &lt; count &lt; threshold and suppression applies.</summary>
    public static long? Suppress(long count, bool suppress, int threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        return suppress && count > 0 && count < threshold ? null : count;
    }

    /// <summary>True when a cell with this many households must not be shown on its own.</summary>
    public static bool IsSmall(long households, int threshold = DefaultThreshold) => households > 0 && households < threshold;

    /// <summary>The sentence every suppressed output carries.</summary>
    public static string Note(int threshold = DefaultThreshold) =>
        $"counts of fewer than {threshold} households are withheld (shown as null) to protect privacy";
}
