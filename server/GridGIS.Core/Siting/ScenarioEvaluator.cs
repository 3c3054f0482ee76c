using System.Runtime.InteropServices;
using GridGIS.Core.Coverage;

namespace GridGIS.Core.Siting;

/// <summary>Households, residents and foreign residents of a set of households (e.g. those newly covered).</summary>
public readonly record struct HouseholdCount(long Households, long Residents, long ForeignResidents);

/// <summary>
/// One category of a scenario against its base: the scenario's coverage per unit beside the base's (same levels and
/// units, <see cref="UnitCoverage"/>), the households newly covered and newly uncovered, every facility's load and
/// E2SFCA supply ratio in the scenario (the base's, less those closed or moved, plus those placed), and the placed
/// facilities' own loads. <see cref="Gaps"/> traces the scenario's service gaps on demand.
/// </summary>
public sealed class ScenarioOutcome
{
    private readonly CategoryBase _base;
    private readonly Dictionary<int, (int Cover, double Access)> _households;
    private readonly Dictionary<int, int> _cells;

    internal ScenarioOutcome(CategoryBase b, ScenarioFacilities facilities, IReadOnlyList<UnitCoverage> units, HouseholdCount newlyCovered,
        HouseholdCount newlyUncovered, IReadOnlyList<FacilityLoad> loads, IReadOnlyList<FacilityLoad> placedLoads,
        Dictionary<int, (int, double)> households, Dictionary<int, int> cells)
    {
        _base = b; Facilities = facilities; Units = units; NewlyCovered = newlyCovered; NewlyUncovered = newlyUncovered;
        Loads = loads; PlacedLoads = placedLoads; _households = households; _cells = cells;
    }

    public string Category => _base.Category;
    public ScenarioFacilities Facilities { get; }
    public IReadOnlyList<UnitCoverage> BaseUnits => _base.Coverage.Units;
    public IReadOnlyList<UnitCoverage> Units { get; }
    public HouseholdCount NewlyCovered { get; }
    public HouseholdCount NewlyUncovered { get; }
    public IReadOnlyList<FacilityLoad> BaseLoads => _base.Coverage.Loads;
    public IReadOnlyList<FacilityLoad> Loads { get; }

    /// <summary>The loads of the facilities the scenario placed (added, or moved: at their new point), in id order.</summary>
    public IReadOnlyList<FacilityLoad> PlacedLoads { get; }

    /// <summary>Households whose coverage or E2SFCA score the scenario changes.</summary>
    public int HouseholdsTouched => _households.Count;

    /// <summary>The scenario's service gaps (<see cref="ServiceGaps.FindOnLattice"/> on its served cells and covered households).</summary>
    public IReadOnlyList<ServiceGap> Gaps()
    {
        var cells = (int[])_base.CellCount.Clone();
        foreach (var (c, d) in _cells) cells[c] += d;
        var covered = (bool[])_base.Coverage.Covered.Clone();
        foreach (var (i, d) in _households) covered[i] = _base.ReachCount[i] + d.Cover > 0;
        return _base.TraceGaps(cells, covered);
    }
}

/// <summary>
/// Evaluates a scenario's edits over a <see cref="CategoryBase"/>: one bounded search per facility placed (added or
/// moved), the reach of each facility removed (closed or moved) taken from the base, and only the households and
/// cells these reach updated: how many facilities reach them, their E2SFCA score (a facility's step-1 ratio depends on
/// its own catchment alone, so the other facilities' ratios stand), and their unit combination's sums, rolled up again.
/// Equal to a fresh coverage run with the edits made real: the same covered households exactly, the same scores up
/// to the order of floating-point sums.
/// </summary>
public static class ScenarioEvaluator
{
    /// <summary>The outcome of <paramref name="edits"/> (those of other categories are skipped) over <paramref name="b"/>.</summary>
    /// <exception cref="ArgumentException">an edit names a facility that does not exist in the scenario</exception>
    public static ScenarioOutcome Evaluate(CategoryBase b, IEnumerable<ScenarioEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(b);
        var facilities = ScenarioFacilities.Apply(b.Category, b.Facilities, edits);
        var placed = facilities.Placed.Select(f => b.Reacher.Reach(f)).ToArray();
        var T = b.Reacher.ThresholdSeconds;
        var units = b.Households.Units;
        var residents = units.Residents;
        var households = new Dictionary<int, (int Cover, double Access)>();
        var cells = new Dictionary<int, int>();

        foreach (var id in facilities.Removed)
        {
            var f = b.IndexOf(id);
            Apply(b.Reaches[f], -1, b.Coverage.Loads[f].SupplyRatio);
        }
        var placedLoads = new List<FacilityLoad>(placed.Length);
        foreach (var p in placed)
        {
            var load = LoadOf(p.Reach, residents, T);
            placedLoads.Add(load);
            Apply(p, +1, load.SupplyRatio);
        }

        var hh = (long[])b.HouseholdsCovered.Clone(); var res = (long[])b.ResidentsCovered.Clone();
        var foreign = (long[])b.ForeignCovered.Clone(); var weighted = (double[])b.WeightedAccess.Clone();
        long newHh = 0, newRes = 0, newForeign = 0, lostHh = 0, lostRes = 0, lostForeign = 0;
        foreach (var (i, d) in households)
        {
            var k = units.Combination[i];
            weighted[k] += d.Access * residents[i];
            var was = b.ReachCount[i] > 0;
            var now = b.ReachCount[i] + d.Cover > 0;
            if (was == now) continue;
            var sign = now ? 1 : -1;
            hh[k] += sign; res[k] += sign * residents[i]; foreign[k] += sign * units.Foreign[i];
            if (now) { newHh++; newRes += residents[i]; newForeign += units.Foreign[i]; }
            else { lostHh++; lostRes += residents[i]; lostForeign += units.Foreign[i]; }
        }
        var rolled = CoverageAnalysis.RollUp(units, hh, res, foreign, weighted);
        var loads = b.Coverage.Loads.Where(l => !facilities.Removed.Contains(l.FacilityId)).Concat(placedLoads).ToList();
        return new ScenarioOutcome(b, facilities, rolled, new HouseholdCount(newHh, newRes, newForeign),
            new HouseholdCount(lostHh, lostRes, lostForeign), loads, placedLoads, households, cells);

        void Apply(SiteReachResult r, int sign, double? supply)
        {
            ReadOnlySpan<int> ids = r.Reach.Households; ReadOnlySpan<double> seconds = r.Reach.Seconds;
            var rj = supply ?? 0;
            for (var k = 0; k < ids.Length; k++)
            {
                ref var d = ref CollectionsMarshal.GetValueRefOrAddDefault(households, ids[k], out _);
                d.Cover += sign;
                if (rj != 0) d.Access += sign * rj * AccessibilityDecay.Weight(seconds[k], T);
            }
            foreach (var c in r.Cells)
                CollectionsMarshal.GetValueRefOrAddDefault(cells, c, out _) += sign;
        }
    }

    /// <summary>
    /// A facility's load from its reach, as <see cref="CoverageAnalysis"/> computes it: households and residents within
    /// the threshold, load ratio against the capacity, and the E2SFCA step-1 ratio capacity / decayed residents.
    /// </summary>
    internal static FacilityLoad LoadOf(FacilityReach reach, int[] householdResidents, double thresholdSeconds)
    {
        ReadOnlySpan<int> ids = reach.Households; ReadOnlySpan<double> seconds = reach.Seconds;
        long hh = 0, residents = 0;
        double demand = 0;
        for (var k = 0; k < ids.Length; k++)
        {
            if (seconds[k] > thresholdSeconds) continue;
            hh++;
            var r = householdResidents[ids[k]];
            residents += r;
            demand += r * AccessibilityDecay.Weight(seconds[k], thresholdSeconds);
        }
        double? supply = reach.Capacity is { } c ? (demand > 0 ? c / demand : 0) : null;
        double? ratio = reach.Capacity is { } cap ? (cap > 0 ? (double)residents / cap : residents > 0 ? double.PositiveInfinity : 0) : null;
        return new FacilityLoad(reach.FacilityId, hh, residents, reach.Capacity, ratio, ratio is { } q ? q > 1 : null, supply);
    }
}
