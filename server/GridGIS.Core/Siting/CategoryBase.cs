using GridGIS.Core.Coverage;

namespace GridGIS.Core.Siting;

/// <summary>
/// One category of a complete run, kept in memory for scenarios and siting: each facility's reach (households within
/// the threshold with their seconds, and served residential cells), how many facilities reach each household and each
/// cell, the base coverage (<see cref="CoverageAnalysis"/>: the run's figures, computed by the same engine) and its
/// per-combination sums, which a scenario updates household by household instead of summing the city again.
/// Built once per (run, category, data version) with one bounded search per facility; immutable; thread-safe.
/// Memory: about 12 bytes per (facility, household) pair within the threshold, plus 4 per household and per cell.
/// </summary>
public sealed class CategoryBase
{
    private readonly Dictionary<int, int> _indexOf;
    private IReadOnlyList<ServiceGap>? _gaps;

    private CategoryBase(SiteReach reacher, CoverageFacility[] facilities, SiteReachResult[] reaches)
    {
        Reacher = reacher;
        Facilities = facilities;
        Reaches = reaches;
        _indexOf = new Dictionary<int, int>(facilities.Length);
        for (var f = 0; f < facilities.Length; f++) _indexOf[facilities[f].Id] = f;
        var households = reacher.Households;
        var n = households.Households.Length;
        var nearest = new double[n];
        Array.Fill(nearest, double.PositiveInfinity);
        ReachCount = new int[n];
        CellCount = new int[households.Lattice.Count];
        foreach (var r in reaches)
        {
            ReadOnlySpan<int> ids = r.Reach.Households; ReadOnlySpan<double> seconds = r.Reach.Seconds;
            for (var k = 0; k < ids.Length; k++)
            {
                ReachCount[ids[k]]++;
                if (seconds[k] < nearest[ids[k]]) nearest[ids[k]] = seconds[k];
            }
            foreach (var c in r.Cells) CellCount[c]++;
            Pairs += ids.Length;
        }
        Coverage = CoverageAnalysis.Compute(households.Units, new CategoryReach(reacher.Category, reacher.ThresholdSeconds, nearest,
            reaches.Select(r => r.Reach).ToArray()));
        var units = households.Units;
        var m = units.Combinations.Length;
        HouseholdsCovered = new long[m]; ResidentsCovered = new long[m]; ForeignCovered = new long[m]; WeightedAccess = new double[m];
        for (var i = 0; i < n; i++)
        {
            var k = units.Combination[i];
            WeightedAccess[k] += Coverage.HouseholdAccessibility[i] * units.Residents[i];
            if (!Coverage.Covered[i]) continue;
            HouseholdsCovered[k]++; ResidentsCovered[k] += units.Residents[i]; ForeignCovered[k] += units.Foreign[i];
        }
    }

    /// <summary>
    /// Builds the base of <paramref name="reacher"/>'s category over <paramref name="facilities"/> (local metres): one
    /// reach per facility, in parallel on up to <paramref name="parallelism"/> threads (default: all processors).
    /// </summary>
    public static CategoryBase Build(SiteReach reacher, IReadOnlyList<CoverageFacility> facilities, int parallelism = -1, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(reacher);
        ArgumentNullException.ThrowIfNull(facilities);
        var list = facilities.ToArray();
        if (list.Select(f => f.Id).Distinct().Count() != list.Length) throw new ArgumentException("facility ids must differ", nameof(facilities));
        var reaches = new SiteReachResult[list.Length];
        Parallel.For(0, list.Length, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = ct }, f => reaches[f] = reacher.Reach(list[f]));
        return new CategoryBase(reacher, list, reaches);
    }

    /// <summary>How new facilities of this category reach households (one bounded search each).</summary>
    public SiteReach Reacher { get; }

    public string Category => Reacher.Category;
    public CoverageHouseholds Households => Reacher.Households;

    /// <summary>The category's facilities of the base, in the order of <see cref="Reaches"/>.</summary>
    public IReadOnlyList<CoverageFacility> Facilities { get; }

    internal SiteReachResult[] Reaches { get; }

    /// <summary>The base figures: per unit, facility loads, each household's covered flag and E2SFCA score.</summary>
    public CategoryCoverage Coverage { get; }

    /// <summary>(facility, household) pairs within the threshold: the bulk of the memory this base holds.</summary>
    public long Pairs { get; }

    /// <summary>Bytes this base holds, roughly (pairs, per-household and per-cell arrays), for the cache's bound.</summary>
    public long ApproximateBytes => Pairs * 12 + (long)Households.Households.Length * 21 + CellCount.Length * 4L;

    /// <summary>Per household: how many facilities reach it within the threshold (covered when &gt; 0).</summary>
    internal int[] ReachCount { get; }

    /// <summary>Per lattice cell: how many facilities serve it (residential cells only).</summary>
    internal int[] CellCount { get; }

    internal long[] HouseholdsCovered { get; }
    internal long[] ResidentsCovered { get; }
    internal long[] ForeignCovered { get; }
    internal double[] WeightedAccess { get; }

    /// <summary>The index of facility <paramref name="id"/> in <see cref="Facilities"/>, or -1.</summary>
    public int IndexOf(int id) => _indexOf.GetValueOrDefault(id, -1);

    /// <summary>The base's service gaps (<see cref="ServiceGaps.FindOnLattice"/>), traced once on first use.</summary>
    public IReadOnlyList<ServiceGap> Gaps => LazyInitializer.EnsureInitialized(ref _gaps, () => TraceGaps(CellCount, Coverage.Covered));

    internal IReadOnlyList<ServiceGap> TraceGaps(int[] cellCount, bool[] covered)
    {
        var h = Households;
        var served = new bool[cellCount.Length];
        for (var c = 0; c < served.Length; c++) served[c] = cellCount[c] > 0;
        return new ServiceGaps().FindOnLattice(h.Lattice, h.Residential, served, h.Households, covered, CategoryRun.Factory, h.HouseholdCells);
    }
}
