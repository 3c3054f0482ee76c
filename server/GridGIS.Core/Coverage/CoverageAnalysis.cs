using System.Runtime.CompilerServices;

namespace GridGIS.Core.Coverage;

/// <summary>
/// Coverage of one facility category (一刻钟服务圈覆盖分析): per grid, community, street and district,
/// households / residents / foreign residents covered and not covered; per facility, its load against
/// its capacity; per household and unit, the E2SFCA accessibility score (see <see cref="AccessibilityDecay"/>).
/// Pure: takes the engine's <see cref="CategoryReach"/> for the category and the households, returns numbers.
/// A household is covered when its nearest facility is within the threshold, inclusive (t &lt;= T).
/// </summary>
public static class CoverageAnalysis
{
    /// <summary>Computes the coverage of <paramref name="reach"/>'s category over <paramref name="households"/>.</summary>
    /// <exception cref="ArgumentException">when the reach does not match the households (lengths, indices, times).</exception>
    public static CategoryCoverage Compute(ReadOnlySpan<CoverageHousehold> households, CategoryReach reach) =>
        Compute(HouseholdUnits.Of(households), reach);

    /// <summary>
    /// Computes the coverage of <paramref name="reach"/>'s category over households prepared once for every
    /// category (<see cref="HouseholdUnits.Of"/>): the same results as the other overload.
    /// </summary>
    /// <exception cref="ArgumentException">when the reach does not match the households (lengths, indices, times).</exception>
    public static CategoryCoverage Compute(HouseholdUnits households, CategoryReach reach)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(reach);
        var n = households.Count;
        var T = reach.ThresholdSeconds;
        if (!(T > 0) || double.IsInfinity(T)) throw new ArgumentOutOfRangeException(nameof(reach), T, "threshold must be a finite number of seconds > 0");
        if (reach.NearestSeconds.Length != n)
            throw new ArgumentException($"category {reach.Category}: {reach.NearestSeconds.Length} nearest times for {n} households", nameof(reach));

        var covered = Covered(reach);
        var (loads, access) = Accessibility(households.Residents, reach);
        var units = Aggregate(households, covered, access);
        return new CategoryCoverage(reach.Category, units, loads, covered, access);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool[] Covered(CategoryReach reach)
    {
        var nearest = reach.NearestSeconds;
        var T = reach.ThresholdSeconds;
        var covered = new bool[nearest.Length];
        for (var i = 0; i < nearest.Length; i++)
        {
            var t = nearest[i];
            if (double.IsNaN(t) || t < 0) throw new ArgumentException($"category {reach.Category}: household #{i} has walking time {t}", nameof(reach));
            covered[i] = t <= T;
        }
        return covered;
    }

    /// <summary>Facility loads and the E2SFCA scores: step 1 R_j = S_j / sum_k P_k W(t_kj); step 2 A_i = sum_j R_j W(t_ij).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static (FacilityLoad[] Loads, double[] Access) Accessibility(int[] householdResidents, CategoryReach reach)
    {
        var n = householdResidents.Length;
        var T = reach.ThresholdSeconds;
        double w1 = AccessibilityDecay.ZoneWeights[0], w2 = AccessibilityDecay.ZoneWeights[1], w3 = AccessibilityDecay.ZoneWeights[2];
        var access = new double[n];
        var loads = new FacilityLoad[reach.Facilities.Count];
        var weights = Array.Empty<double>();
        for (var f = 0; f < loads.Length; f++)
        {
            var fr = reach.Facilities[f];
            ReadOnlySpan<int> ids = fr.Households; ReadOnlySpan<double> seconds = fr.Seconds;
            if (ids.Length != seconds.Length)
                throw new ArgumentException($"facility {fr.FacilityId}: {ids.Length} households but {seconds.Length} times", nameof(reach));
            if (fr.Capacity < 0) throw new ArgumentException($"facility {fr.FacilityId}: capacity {fr.Capacity} < 0", nameof(reach));
            long hh = 0, residents = 0;
            double demand = 0;
            if (weights.Length < ids.Length) weights = new double[Math.Max(ids.Length, weights.Length * 2)];
            for (var k = 0; k < ids.Length; k++)
            {
                var i = ids[k];
                var t = seconds[k];
                if ((uint)i >= (uint)n) throw new ArgumentException($"facility {fr.FacilityId}: household index {i} out of 0..{n - 1}", nameof(reach));
                if (double.IsNaN(t) || t < 0) throw new ArgumentException($"facility {fr.FacilityId}: walking time {t} to household #{i}", nameof(reach));
                // AccessibilityDecay.Weight inlined (T is checked above): 1.00 / 0.68 / 0.22 in thirds of T, 0 beyond.
                var w = t > T ? 0 : t * 3 <= T ? w1 : t * 3 <= 2 * T ? w2 : w3;
                weights[k] = w;
                if (t > T) continue;                       // beyond the threshold: not in the service area
                hh++;
                var r = householdResidents[i];
                residents += r;
                demand += r * w;
            }
            double? supply = fr.Capacity is { } c ? (demand > 0 ? c / demand : 0) : null;
            double? ratio = fr.Capacity is { } cap ? (cap > 0 ? (double)residents / cap : residents > 0 ? double.PositiveInfinity : 0) : null;
            loads[f] = new FacilityLoad(fr.FacilityId, hh, residents, fr.Capacity, ratio, ratio is { } q ? q > 1 : null, supply);
            if (supply is not { } rj || rj == 0) continue;
            for (var k = 0; k < ids.Length; k++) access[ids[k]] += rj * weights[k];
        }
        return (loads, access);
    }

    /// <summary>
    /// Sums per unit combination (one per household), then rolls the combinations up into grids, communities,
    /// streets and the district. Units are database ids (&gt;= 1, 0 = not assigned), so each level sums into an
    /// array indexed by id (ids up to <see cref="HouseholdUnits.MaxDenseId"/>; sparser ids fall back to a dictionary).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static List<UnitCoverage> Aggregate(HouseholdUnits households, bool[] covered, double[] access)
    {
        var combinations = households.Combinations;
        var m = combinations.Length;
        var hhCovered = new long[m]; var resCovered = new long[m]; var foreignCovered = new long[m]; var weighted = new double[m];
        var combination = households.Combination; var res = households.Residents; var foreign = households.Foreign;
        for (var i = 0; i < combination.Length; i++)
        {
            var k = combination[i];
            var r = res[i];
            weighted[k] += access[i] * r;
            if (!covered[i]) continue;
            hhCovered[k]++;
            resCovered[k] += r;
            foreignCovered[k] += foreign[i];
        }
        return RollUp(households, hhCovered, resCovered, foreignCovered, weighted);
    }

    /// <summary>
    /// Rolls per-combination sums (covered households, residents, foreign residents and the residents-weighted
    /// accessibility of each of <paramref name="households"/>' unit combinations) up into grids, communities, streets
    /// and the district: what <see cref="Compute(HouseholdUnits, CategoryReach)"/> returns, for callers that keep
    /// the sums themselves and update them (scenarios, <see cref="Siting.ScenarioEvaluator"/>).
    /// </summary>
    internal static List<UnitCoverage> RollUp(HouseholdUnits households, long[] hhCovered, long[] resCovered, long[] foreignCovered, double[] weighted)
    {
        var combinations = households.Combinations;
        var m = combinations.Length;
        var sums = new Sums[m];
        for (var k = 0; k < m; k++)
            sums[k] = new Sums
            {
                Households = households.CombinationHouseholds[k], HouseholdsCovered = hhCovered[k],
                Residents = households.CombinationResidents[k], ResidentsCovered = resCovered[k],
                Foreign = households.CombinationForeign[k], ForeignCovered = foreignCovered[k], WeightedAccess = weighted[k],
            };
        if (Math.Max(households.MaxGrid, Math.Max(households.MaxCommunity, households.MaxStreet)) > HouseholdUnits.MaxDenseId)
            return AggregateSparse(combinations, sums);
        var district = new Sums[1];
        var streets = new Sums[households.MaxStreet + 1];
        var communities = new Sums[households.MaxCommunity + 1];
        var grids = new Sums[households.MaxGrid + 1];
        for (var k = 0; k < m; k++)
        {
            var (grid, community, street) = combinations[k];
            district[0].Add(sums[k]);
            if (street != 0) streets[street].Add(sums[k]);
            if (community != 0) communities[community].Add(sums[k]);
            if (grid != 0) grids[grid].Add(sums[k]);
        }
        var units = new List<UnitCoverage>();
        Emit(units, CoverageLevel.Grid, grids);
        Emit(units, CoverageLevel.Community, communities);
        Emit(units, CoverageLevel.Street, streets);
        units.Add(district[0].ToUnit(CoverageLevel.District, 0));
        return units;

        static void Emit(List<UnitCoverage> units, CoverageLevel level, Sums[] sums)
        {
            for (var id = 1; id < sums.Length; id++)
                if (sums[id].Households > 0) units.Add(sums[id].ToUnit(level, id));
        }
    }

    private static List<UnitCoverage> AggregateSparse((int Grid, int Community, int Street)[] combinations, Sums[] sums)
    {
        var acc = new Dictionary<(CoverageLevel, int), Sums> { [(CoverageLevel.District, 0)] = new Sums() };
        for (var k = 0; k < combinations.Length; k++)
        {
            var (grid, community, street) = combinations[k];
            Add(acc, CoverageLevel.District, 0, sums[k]);
            if (street != 0) Add(acc, CoverageLevel.Street, street, sums[k]);
            if (community != 0) Add(acc, CoverageLevel.Community, community, sums[k]);
            if (grid != 0) Add(acc, CoverageLevel.Grid, grid, sums[k]);
        }
        return acc.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv => kv.Value.ToUnit(kv.Key.Item1, kv.Key.Item2)).ToList();
    }

    private static void Add(Dictionary<(CoverageLevel, int), Sums> acc, CoverageLevel level, int id, in Sums add)
    {
        acc.TryGetValue((level, id), out var s);
        s.Add(add);
        acc[(level, id)] = s;
    }

    private struct Sums
    {
        public long Households, HouseholdsCovered, Residents, ResidentsCovered, Foreign, ForeignCovered;
        public double WeightedAccess;

        public void Add(in Sums o)
        {
            Households += o.Households; HouseholdsCovered += o.HouseholdsCovered;
            Residents += o.Residents; ResidentsCovered += o.ResidentsCovered;
            Foreign += o.Foreign; ForeignCovered += o.ForeignCovered;
            WeightedAccess += o.WeightedAccess;
        }

        public readonly UnitCoverage ToUnit(CoverageLevel level, int id) => new(level, id, Households, HouseholdsCovered,
            Residents, ResidentsCovered, Foreign, ForeignCovered, Residents == 0 ? null : WeightedAccess / Residents);
    }
}
