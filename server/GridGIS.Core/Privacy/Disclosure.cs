namespace GridGIS.Core.Privacy;

/// <summary>
/// The one rule of what a caller may learn from an aggregate, applied by every endpoint that returns figures
/// computed from households. A <i>group</i> is the set of households a figure describes: a unit (district, street,
/// community, grid, heatmap cell, service gap, a facility's catchment, a worker's grids) or a part of one (its
/// covered or uncovered households; its households with foreign residents, with a nationality, speaking a language).
/// For administrators nothing is withheld. For every other role, with T = <see cref="Threshold"/> (5 households):
/// <list type="number">
/// <item><b>Small groups.</b> A group of 1..T-1 households is withheld: its counts (households, residents,
/// persons) and every figure derived from them (shares, ratios, loads, supply ratios, accessibility scores,
/// rates, flags such as "overloaded") are null. An empty group shows 0 (it describes nobody).</item>
/// <item><b>Labels.</b> A labelled part (a nationality, a language, foreign residents) is shown only when it holds
/// at least T households; otherwise it is left out (labels) or null (foreign figures), exactly as when nobody of it
/// lives there, so that its presence is not given away either.</item>
/// <item><b>Parts.</b> A unit split into parts (covered / not covered) shows all parts or none: when any part is
/// withheld, every part and the shares built from them are (so the whole minus a shown part gives nothing away).</item>
/// <item><b>Children.</b> Where a parent and its children are both shown (district, streets, communities, grids),
/// the withheld children of a parent, together with the parent's households in no child, must form a showable group
/// (0 or at least T households, in every part): otherwise the smallest shown child is withheld too, and so on
/// (<see cref="WithheldChildren"/>). A withheld unit's children are withheld with it, so it is not their sum either.</item>
/// <item><b>Parameters.</b> What a caller's parameter selects or ranks (designation thresholds, worker suggestions,
/// workloads) is computed from shown figures only, so no two answers differ by a withheld group.</item>
/// </list>
/// It does not promise: safety against a caller who already knows some of a group's households (a grid worker knows
/// their own), against combining units whose boundaries cut each other (a heatmap cell and a grid, two facilities'
/// overlapping catchments), or against comparing figures of different data versions (a household that moves in
/// between two nightly runs changes its unit by one). The heatmap applies the same threshold through its own
/// released groups (<see cref="Density.HeatmapPyramid"/>).
/// </summary>
public sealed class Disclosure
{
    /// <summary>Fewest households a shown group holds, unless configured otherwise.</summary>
    public const int DefaultThreshold = SmallCounts.DefaultThreshold;

    /// <param name="applies">false for administrators: everything is shown</param>
    /// <param name="threshold">fewest households a shown group holds, &gt;= 1</param>
    public Disclosure(bool applies, int threshold = DefaultThreshold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threshold, 1);
        Applies = applies;
        Threshold = threshold;
    }

    /// <summary>What administrators see: everything.</summary>
    public static Disclosure Administrator { get; } = new(false);

    /// <summary>What every other role sees.</summary>
    public static Disclosure Restricted { get; } = new(true);

    /// <summary>The rule for a caller.</summary>
    public static Disclosure For(bool administrator) => administrator ? Administrator : Restricted;

    /// <summary>False for administrators.</summary>
    public bool Applies { get; }

    /// <summary>Fewest households a shown group holds.</summary>
    public int Threshold { get; }

    /// <summary>Rule 1: whether a group of <paramref name="households"/> may be described (0, or at least the threshold).</summary>
    public bool Shows(long households)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(households);
        return !Applies || households == 0 || households >= Threshold;
    }

    /// <summary>Rule 2: whether a labelled part of <paramref name="households"/> may be shown (at least the threshold; never 0 alone).</summary>
    public bool ShowsLabel(long households)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(households);
        return !Applies || households >= Threshold;
    }

    /// <summary>Rule 3: whether a whole of <paramref name="households"/> split into <paramref name="parts"/> (households per part) may be shown.</summary>
    public bool ShowsParts(long households, params ReadOnlySpan<long> parts)
    {
        if (!Shows(households)) return false;
        foreach (var p in parts) if (p < 0 || p > households || !Shows(p)) return false;
        return true;
    }

    /// <summary>A figure of a group of <paramref name="households"/>, or null when the group is withheld.</summary>
    public T? Figure<T>(long households, T value) where T : struct => Shows(households) ? value : null;

    /// <summary>
    /// Rule 4: which children of one parent are withheld. Each child is a vector of household counts, one per group a figure
    /// describes (e.g. households, covered, not covered), the same length for all; <paramref name="rest"/> is the parent's
    /// households in no child, per entry (zeros when the children cover the parent). A child is withheld when any entry is
    /// not <see cref="Shows"/>; then, while the withheld children and the rest together are not showable in every entry,
    /// the shown child with the fewest households (first entry; then the lowest index) is withheld too.
    /// </summary>
    /// <param name="children">per child, its household counts</param>
    /// <param name="rest">the parent's households in no child, per entry</param>
    /// <param name="withheldAlready">children withheld for another reason (null: none)</param>
    public bool[] WithheldChildren(IReadOnlyList<long[]> children, long[] rest, IReadOnlyList<bool>? withheldAlready = null)
    {
        ArgumentNullException.ThrowIfNull(children);
        ArgumentNullException.ThrowIfNull(rest);
        var withheld = new bool[children.Count];
        if (!Applies) return withheld;
        var sum = (long[])rest.Clone();
        void Add(int i) { withheld[i] = true; for (var k = 0; k < sum.Length; k++) sum[k] += children[i][k]; }
        for (var i = 0; i < children.Count; i++)
        {
            if (children[i].Length != rest.Length) throw new ArgumentException("every child needs one count per entry of rest", nameof(children));
            if (children[i].Any(v => !Shows(v)) || withheldAlready?[i] == true) Add(i);
        }
        while (sum.Any(v => !Shows(v)))
        {
            var next = -1;
            for (var i = 0; i < children.Count; i++)
                if (!withheld[i] && (next < 0 || children[i][0] < children[next][0])) next = i;
            if (next < 0) break;   // every child withheld: what is left is the parent itself, shown or withheld on its own
            Add(next);
        }
        return withheld;
    }

    /// <summary>The sentence every output with withheld figures carries.</summary>
    public string? Note => Applies
        ? $"to protect privacy, figures of fewer than {Threshold} households are withheld (null), with the parts and neighbouring units that would give them away"
        : null;
}
