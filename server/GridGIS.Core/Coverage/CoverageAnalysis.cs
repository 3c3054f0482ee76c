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
    public static CategoryCoverage Compute(ReadOnlySpan<CoverageHousehold> households, CategoryReach reach)
    {
        ArgumentNullException.ThrowIfNull(reach);
        var n = households.Length;
        var T = reach.ThresholdSeconds;
        if (!(T > 0) || double.IsInfinity(T)) throw new ArgumentOutOfRangeException(nameof(reach), T, "threshold must be a finite number of seconds > 0");
        if (reach.NearestSeconds.Length != n)
            throw new ArgumentException($"category {reach.Category}: {reach.NearestSeconds.Length} nearest times for {n} households", nameof(reach));

        var covered = new bool[n];
        for (var i = 0; i < n; i++)
        {
            var t = reach.NearestSeconds[i];
            if (double.IsNaN(t) || t < 0) throw new ArgumentException($"category {reach.Category}: household #{i} has walking time {t}", nameof(reach));
            covered[i] = t <= T;
        }

        var (loads, access) = Accessibility(households, reach);
        var units = Aggregate(households, covered, access);
        return new CategoryCoverage(reach.Category, units, loads, covered, access);
    }

    /// <summary>Facility loads and the E2SFCA scores: step 1 R_j = S_j / sum_k P_k W(t_kj); step 2 A_i = sum_j R_j W(t_ij).</summary>
    private static (FacilityLoad[] Loads, double[] Access) Accessibility(ReadOnlySpan<CoverageHousehold> households, CategoryReach reach)
    {
        var n = households.Length;
        var T = reach.ThresholdSeconds;
        var access = new double[n];
        var loads = new FacilityLoad[reach.Facilities.Count];
        for (var f = 0; f < loads.Length; f++)
        {
            var fr = reach.Facilities[f];
            if (fr.Households.Length != fr.Seconds.Length)
                throw new ArgumentException($"facility {fr.FacilityId}: {fr.Households.Length} households but {fr.Seconds.Length} times", nameof(reach));
            if (fr.Capacity < 0) throw new ArgumentException($"facility {fr.FacilityId}: capacity {fr.Capacity} < 0", nameof(reach));
            long hh = 0, residents = 0;
            double demand = 0;
            for (var k = 0; k < fr.Households.Length; k++)
            {
                var i = fr.Households[k];
                var t = fr.Seconds[k];
                if ((uint)i >= (uint)n) throw new ArgumentException($"facility {fr.FacilityId}: household index {i} out of 0..{n - 1}", nameof(reach));
                if (double.IsNaN(t) || t < 0) throw new ArgumentException($"facility {fr.FacilityId}: walking time {t} to household #{i}", nameof(reach));
                if (t > T) continue;                       // beyond the threshold: not in the service area
                hh++;
                residents += households[i].Residents;
                demand += households[i].Residents * AccessibilityDecay.Weight(t, T);
            }
            double? supply = fr.Capacity is { } c ? (demand > 0 ? c / demand : 0) : null;
            double? ratio = fr.Capacity is { } cap ? (cap > 0 ? (double)residents / cap : residents > 0 ? double.PositiveInfinity : 0) : null;
            loads[f] = new FacilityLoad(fr.FacilityId, hh, residents, fr.Capacity, ratio, ratio is { } r ? r > 1 : null, supply);
            if (supply is not { } rj || rj == 0) continue;
            for (var k = 0; k < fr.Households.Length; k++)
                if (fr.Seconds[k] <= T) access[fr.Households[k]] += rj * AccessibilityDecay.Weight(fr.Seconds[k], T);
        }
        return (loads, access);
    }

    private static List<UnitCoverage> Aggregate(ReadOnlySpan<CoverageHousehold> households, bool[] covered, double[] access)
    {
        var acc = new Dictionary<(CoverageLevel, int), Sums>();
        for (var i = 0; i < households.Length; i++)
        {
            var h = households[i];
            if (h.Residents < 0 || h.ForeignResidents < 0 || h.ForeignResidents > h.Residents)
                throw new ArgumentException($"household {h.Id}: residents {h.Residents}, foreign {h.ForeignResidents}", nameof(households));
            Add(acc, CoverageLevel.District, 0, h, covered[i], access[i]);
            if (h.StreetId != 0) Add(acc, CoverageLevel.Street, h.StreetId, h, covered[i], access[i]);
            if (h.CommunityId != 0) Add(acc, CoverageLevel.Community, h.CommunityId, h, covered[i], access[i]);
            if (h.GridId != 0) Add(acc, CoverageLevel.Grid, h.GridId, h, covered[i], access[i]);
        }
        if (households.Length == 0) acc[(CoverageLevel.District, 0)] = new Sums();
        return acc.OrderBy(kv => kv.Key.Item1).ThenBy(kv => kv.Key.Item2)
            .Select(kv => kv.Value.ToUnit(kv.Key.Item1, kv.Key.Item2)).ToList();
    }

    private static void Add(Dictionary<(CoverageLevel, int), Sums> acc, CoverageLevel level, int id, in CoverageHousehold h, bool covered, double access)
    {
        if (!acc.TryGetValue((level, id), out var s)) acc[(level, id)] = s = new Sums();
        s.Households++;
        s.Residents += h.Residents;
        s.Foreign += h.ForeignResidents;
        s.WeightedAccess += access * h.Residents;
        if (!covered) return;
        s.HouseholdsCovered++;
        s.ResidentsCovered += h.Residents;
        s.ForeignCovered += h.ForeignResidents;
    }

    private sealed class Sums
    {
        public long Households, HouseholdsCovered, Residents, ResidentsCovered, Foreign, ForeignCovered;
        public double WeightedAccess;

        public UnitCoverage ToUnit(CoverageLevel level, int id) => new(level, id, Households, HouseholdsCovered,
            Residents, ResidentsCovered, Foreign, ForeignCovered, Residents == 0 ? null : WeightedAccess / Residents);
    }
}
