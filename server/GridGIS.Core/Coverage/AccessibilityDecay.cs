namespace GridGIS.Core.Coverage;

/// <summary>
/// The distance decay of the enhanced two-step floating catchment (E2SFCA) accessibility score,
/// as in Luo and Qi (2009), "An enhanced two-step floating catchment area (E2SFCA) method for
/// measuring spatial accessibility to primary care physicians", Health &amp; Place 15(4): the catchment
/// (the category's walk-time threshold T) is cut into three equal travel-time zones weighted by a
/// Gaussian with their 1.00 / 0.68 / 0.22 steps:
/// t in [0, T/3] weighs 1.00, (T/3, 2T/3] weighs 0.68, (2T/3, T] weighs 0.22, beyond T 0.
/// A household exactly at the threshold still counts (0.22), as it counts as covered (&lt;=).
/// </summary>
public static class AccessibilityDecay
{
    /// <summary>Weights of the three zones, nearest first.</summary>
    public static readonly double[] ZoneWeights = [1.00, 0.68, 0.22];

    /// <summary>The weight (0..1) of a walk of <paramref name="seconds"/> under threshold <paramref name="thresholdSeconds"/> (&gt; 0).</summary>
    public static double Weight(double seconds, double thresholdSeconds)
    {
        if (!(thresholdSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(thresholdSeconds), thresholdSeconds, "threshold must be > 0 s");
        if (double.IsNaN(seconds) || seconds < 0) throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "walking time must be >= 0 s");
        if (seconds > thresholdSeconds) return 0;
        if (seconds * 3 <= thresholdSeconds) return ZoneWeights[0];
        if (seconds * 3 <= 2 * thresholdSeconds) return ZoneWeights[1];
        return ZoneWeights[2];
    }
}
