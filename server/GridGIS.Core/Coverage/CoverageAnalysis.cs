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
        var weights = Array.Empty<double>();
        for (var f = 0; f < loads.Length; f++)
        {
            var fr = reach.Facilities[f];
            if (fr.Households.Length != fr.Seconds.Length)
                throw new ArgumentException($"facility {fr.FacilityId}: {fr.Households.Length} households but {fr.Seconds.Length} times", nameof(reach));
            if (fr.Capacity < 0) throw new ArgumentException($"facility {fr.FacilityId}: capacity {fr.Capacity} < 0", nameof(reach));
            long hh = 0, residents = 0;
            double demand = 0;
            if (weights.Length < fr.Households.Length) weights = new double[Math.Max(fr.Households.Length, weights.Length * 2)];
            for (var k = 0; k < fr.Households.Length; k++)
            {
                var i = fr.Households[k];
                var t = fr.Seconds[k];
                if ((uint)i >= (uint)n) throw new ArgumentException($"facility {fr.FacilityId}: household index {i} out of 0..{n - 1}", nameof(reach));
                if (double.IsNaN(t) || t < 0) throw new ArgumentException($"facility {fr.FacilityId}: walking time {t} to household #{i}", nameof(reach));
                // AccessibilityDecay.Weight inlined (T is checked above): 1.00 / 0.68 / 0.22 in thirds of T, 0 beyond.
                var w = t > T ? 0 : t * 3 <= T ? AccessibilityDecay.ZoneWeights[0] : t * 3 <= 2 * T ? AccessibilityDecay.ZoneWeights[1] : AccessibilityDecay.ZoneWeights[2];
                weights[k] = w;
                if (t > T) continue;                       // beyond the threshold: not in the service area
                hh++;
                var r = households[i].Residents;
                residents += r;
                demand += r * w;
            }
            double? supply = fr.Capacity is { } c ? (demand > 0 ? c / demand : 0) : null;
            double? ratio = fr.Capacity is { } cap ? (cap > 0 ? (double)residents / cap : residents > 0 ? double.PositiveInfinity : 0) : null;
            loads[f] = new FacilityLoad(fr.FacilityId, hh, residents, fr.Capacity, ratio, ratio is { } q ? q > 1 : null, supply);
            if (supply is not { } rj || rj == 0) continue;
            for (var k = 0; k < fr.Households.Length; k++) access[fr.Households[k]] += rj * weights[k];
        }
        return (loads, access);
    }

    /// <summary>
    /// Sums per unit: units are database ids (&gt;= 1, 0 = not assigned), so each level sums into an array indexed
    /// by id (ids up to <see cref="MaxDenseId"/>; sparser ids fall back to a dictionary).
    /// </summary>
    private static List<UnitCoverage> Aggregate(ReadOnlySpan<CoverageHousehold> households, bool[] covered, double[] access)
    {
        int maxGrid = 0, maxCommunity = 0, maxStreet = 0;
        foreach (var h in households)
        {
            if (h.Residents < 0 || h.ForeignResidents < 0 || h.ForeignResidents > h.Residents)
                throw new ArgumentException($"household {h.Id}: residents {h.Residents}, foreign {h.ForeignResidents}", nameof(households));
            if (h.GridId < 0 || h.CommunityId < 0 || h.StreetId < 0)
                throw new ArgumentException($"household {h.Id}: negative unit id", nameof(households));
            maxGrid = Math.Max(maxGrid, h.GridId);
            maxCommunity = Math.Max(maxCommunity, h.CommunityId);
            maxStreet = Math.Max(maxStreet, h.StreetId);
        }
        if (Math.Max(maxGrid, Math.Max(maxCommunity, maxStreet)) > MaxDenseId) return AggregateSparse(households, covered, access);
        var district = new Sums[1];
        var streets = new Sums[maxStreet + 1];
        var communities = new Sums[maxCommunity + 1];
        var grids = new Sums[maxGrid + 1];
        for (var i = 0; i < households.Length; i++)
        {
            ref readonly var h = ref households[i];
            bool c = covered[i];
            double a = access[i];
            district[0].Add(h, c, a);
            if (h.StreetId != 0) streets[h.StreetId].Add(h, c, a);
            if (h.CommunityId != 0) communities[h.CommunityId].Add(h, c, a);
            if (h.GridId != 0) grids[h.GridId].Add(h, c, a);
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

    /// <summary>Largest unit id summed into arrays (16 M: 64 bytes each, so at most 1 GB for a pathological id).</summary>
    private const int MaxDenseId = 1 << 24;

    private static List<UnitCoverage> AggregateSparse(ReadOnlySpan<CoverageHousehold> households, bool[] covered, double[] access)
    {
        var acc = new Dictionary<(CoverageLevel, int), Sums>();
        for (var i = 0; i < households.Length; i++)
        {
            var h = households[i];
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
        acc.TryGetValue((level, id), out var s);
        s.Add(h, covered, access);
        acc[(level, id)] = s;
    }

    private struct Sums
    {
        public long Households, HouseholdsCovered, Residents, ResidentsCovered, Foreign, ForeignCovered;
        public double WeightedAccess;

        public void Add(in CoverageHousehold h, bool covered, double access)
        {
            Households++;
            Residents += h.Residents;
            Foreign += h.ForeignResidents;
            WeightedAccess += access * h.Residents;
            if (!covered) return;
            HouseholdsCovered++;
            ResidentsCovered += h.Residents;
            ForeignCovered += h.ForeignResidents;
        }

        public readonly UnitCoverage ToUnit(CoverageLevel level, int id) => new(level, id, Households, HouseholdsCovered,
            Residents, ResidentsCovered, Foreign, ForeignCovered, Residents == 0 ? null : WeightedAccess / Residents);
    }
}
