using System.Diagnostics;
using GridGIS.Core.Languages;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Coverage;

/// <summary>
/// What one category of a run is computed with: its code, threshold (seconds, &gt; 0), walking speed, and the
/// run's mode; <paramref name="DetourFactor"/> (&gt;= 1, straight line to route) serves the euclidean mode only.
/// </summary>
public sealed record CategoryRunParameters(string Category, double ThresholdSeconds, WalkSpeed Speed, ReachMode Mode, double DetourFactor = StraightLineReach.DefaultDetourFactor);

/// <summary>
/// One category's results: coverage per unit and facility loads, its service gaps (local metres, largest first), the spread of
/// accessibility per street (<see cref="AccessibilityEquity"/>), and where language applies to the category, language-aware
/// coverage and the greedy staffing plans (<see cref="LanguageStaffing"/>: for administrators, and with steps of at least the
/// privacy threshold's households for everyone else); null where language does not apply or no language input was given.
/// </summary>
public sealed record CategoryRunResult(CategoryCoverage Coverage, IReadOnlyList<ServiceGap> Gaps, IReadOnlyList<UnitEquity>? Equity = null,
    LanguageCoverageResult? Language = null, StaffingPlan? Staffing = null, StaffingPlan? StaffingShown = null);

/// <summary>
/// What language-aware coverage needs beside a category's run: the run's foreign residents by language, whether language
/// applies to the category (a food market: no), and the staff budget the plans are computed for (0..1000).
/// </summary>
public sealed record LanguageRunInputs(LanguageHouseholds Households, bool Applies, int StaffBudget = LanguageRunInputs.DefaultStaffBudget)
{
    /// <summary>Staff placed by the stored plans: a request for fewer takes their first steps.</summary>
    public const int DefaultStaffBudget = 20;
}

/// <summary>
/// One category of a coverage run, inputs in, results out: the reach of its facilities (on the walking network,
/// or straight lines × the detour factor), coverage and E2SFCA per unit (<see cref="CoverageAnalysis"/>), and the
/// gaps: the residential cells of the lattice not served, traced into polygons (<see cref="ServiceGaps.FindOnLattice"/>).
/// network: a cell is served when its centre, snapped like a household, is within the threshold of a facility;
/// euclidean: when its centre is within the straight-line radius of one. Each step's time is recorded as a compute
/// phase (<see cref="CoverageMetrics"/>). Categories of one run may be computed side by side on several threads.
/// </summary>
public static class CategoryRun
{
    /// <summary>Geometries of the analysis: local metres, floating precision.</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 0);

    /// <param name="households">the run's households, prepared</param>
    /// <param name="network">the same households snapped; required in network mode, unused in euclidean mode</param>
    /// <param name="facilities">the category's facilities (local metres; may be empty)</param>
    /// <param name="snapped">the same facilities snapped to <paramref name="network"/>'s network, same order (network mode)</param>
    /// <param name="parameters">category, threshold, speed and mode</param>
    /// <param name="languages">the foreign residents' languages (null: no language-aware part)</param>
    /// <exception cref="InvalidOperationException">network mode without a network, or one without edges</exception>
    public static CategoryRunResult Compute(CoverageHouseholds households, SnappedHouseholds? network, IReadOnlyList<CoverageFacility> facilities,
        IReadOnlyList<SnappedPoint>? snapped, CategoryRunParameters parameters, LanguageRunInputs? languages = null)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(facilities);
        ArgumentNullException.ThrowIfNull(parameters);
        var (reach, served) = Reach(households, network, facilities, snapped, parameters);
        var lap = Stopwatch.GetTimestamp();
        var coverage = CoverageAnalysis.Compute(households.Units, reach);
        lap = CoverageMetrics.ComputeLap("analysis", lap);
        var gaps = new ServiceGaps().FindOnLattice(households.Lattice, households.Residential, served, households.Households, coverage.Covered,
            Factory, households.HouseholdCells);
        lap = CoverageMetrics.ComputeLap("gaps", lap);
        var equity = AccessibilityEquity.PerStreet(households.Units, coverage.HouseholdAccessibility);
        lap = CoverageMetrics.ComputeLap("equity", lap);
        if (languages is not { Applies: true }) return new CategoryRunResult(coverage, gaps, equity);
        var masks = FacilityMasks(languages.Households, facilities, reach);
        var language = LanguageCoverage.Compute(households, languages.Households, reach, coverage.Covered, masks, Factory);
        var staffing = new LanguageStaffing().Plan(languages.Households, reach, masks, languages.StaffBudget);
        var shown = new LanguageStaffing(Privacy.Disclosure.DefaultThreshold).Plan(languages.Households, reach, masks, languages.StaffBudget);
        CoverageMetrics.ComputeLap("language", lap);
        return new CategoryRunResult(coverage, gaps, equity, language, staffing, shown);
    }

    /// <summary>Per facility of the reach (same order): the wanted languages it speaks; a facility of unknown languages speaks Chinese only.</summary>
    private static ulong[] FacilityMasks(LanguageHouseholds languages, IReadOnlyList<CoverageFacility> facilities, CategoryReach reach)
    {
        var byId = new Dictionary<int, IReadOnlyList<string>?>(facilities.Count);
        foreach (var f in facilities) byId[f.Id] = f.Languages;
        var masks = new ulong[reach.Facilities.Count];
        for (var f = 0; f < masks.Length; f++) masks[f] = languages.MaskOf(byId.GetValueOrDefault(reach.Facilities[f].FacilityId));
        return masks;
    }

    /// <summary>The category's reach and its served cells (one flag per cell of the lattice).</summary>
    private static (CategoryReach Reach, bool[] Served) Reach(CoverageHouseholds households, SnappedHouseholds? network,
        IReadOnlyList<CoverageFacility> facilities, IReadOnlyList<SnappedPoint>? snapped, CategoryRunParameters p)
    {
        var served = new bool[households.Lattice.Count];
        switch (p.Mode)
        {
            case ReachMode.Euclidean:
                var euclid = new StraightLineReach { DetourFactor = p.DetourFactor };
                var speed = p.Speed.MetresPerSecond;
                var reach = euclid.Reach(p.Category, households.Households, facilities, p.ThresholdSeconds, speed, households.Buckets);
                euclid.MarkServed(households.Lattice, facilities, p.ThresholdSeconds, speed, served);
                return (reach, served);
            case ReachMode.Network:
                if (network is null || network.Network.EdgeCount == 0)
                    throw new InvalidOperationException("network mode: no walking network loaded (walk_edge is empty); import one or run in euclidean mode");
                var engine = network.Rent();
                try
                {
                    var (networkReach, _) = engine.Compute(p.Category, facilities, snapped ?? [], p.ThresholdSeconds, p.Speed, withServiceArea: false);
                    var lap = Stopwatch.GetTimestamp();
                    engine.MarkServed(households.ResidentialCells, served);
                    CoverageMetrics.ComputeLap("served_cells", lap);
                    return (networkReach, served);
                }
                finally { network.Return(engine); }
            default:
                throw new ArgumentOutOfRangeException(nameof(p), p.Mode, "network or euclidean");
        }
    }
}
