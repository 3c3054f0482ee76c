using System.Runtime.CompilerServices;
using GridGIS.Core.Coverage;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Languages;

/// <summary>
/// Language-aware coverage of one category in one unit, for one language or for all (<see cref="LanguageCoverage.AllLanguages"/>).
/// Persons are foreign residents whose nationality's languages are known (<see cref="LanguageHouseholds"/>); for a language,
/// those whose nationality lists it. Covered: their household is within the threshold of a facility of the category (physical
/// coverage, as <see cref="CoverageAnalysis"/>); in language: within the threshold of a facility that speaks the language (for
/// all: one of their nationality's languages). Households count those holding such persons; a household is in language when
/// any of its persons is. In language implies covered, so covered minus in language is the language gap.
/// </summary>
public sealed record LanguageUnitCoverage(CoverageLevel Level, int UnitId, string Language,
    long Households, long HouseholdsCovered, long HouseholdsInLanguage, long Persons, long PersonsCovered, long PersonsInLanguage);

/// <summary>
/// A language gap (local metres): cells of <see cref="LanguageCoverage.GapCellMetres"/> holding households whose foreign residents
/// want <paramref name="Language"/> and are not within the threshold of a facility of the category speaking it; with those
/// households and persons. Only gaps of at least <see cref="LanguageCoverage.MinGapHouseholds"/> households are kept as polygons
/// (the rest are counted in the unit figures): scattered single households would be thousands of one-cell polygons that say
/// no more than the unit figures do, and that no one but an administrator may see.
/// </summary>
public sealed record LanguageGap(string Language, Polygon Polygon, long Households, long Persons);

/// <summary>A category's language-aware coverage: per unit and language, and the language gaps (most households first).</summary>
public sealed record LanguageCoverageResult(IReadOnlyList<LanguageUnitCoverage> Units, IReadOnlyList<LanguageGap> Gaps);

/// <summary>
/// Language-aware coverage (多语种服务覆盖): which foreign residents a category serves in their language. It reuses the
/// category's reach (each facility's households within the threshold, <see cref="CategoryReach"/>): only the facilities that
/// speak a language some household wants are visited, and only their pairs' households that hold foreign residents are looked
/// at, so the cost is a small part of the category's run. Pure.
/// </summary>
public static class LanguageCoverage
{
    /// <summary>The <see cref="LanguageUnitCoverage.Language"/> of the rows over all languages.</summary>
    public const string AllLanguages = "all";

    /// <summary>Cell size of the language gaps, metres: five cells of the run's gap lattice, aligned with it.</summary>
    public const double GapCellMetres = 5 * CoverageHouseholds.GapCellMetres;

    /// <summary>Fewest households a language gap polygon holds (the privacy rule's threshold).</summary>
    public const int MinGapHouseholds = Privacy.Disclosure.DefaultThreshold;

    /// <param name="households">the run's households (their order is the reach's)</param>
    /// <param name="languages">their foreign residents' languages</param>
    /// <param name="reach">the category's reach</param>
    /// <param name="covered">per household: physically covered (<see cref="CategoryCoverage.Covered"/>)</param>
    /// <param name="facilityLanguages">per facility of <paramref name="reach"/>, same order: its languages (<see cref="LanguageHouseholds.MaskOf"/>)</param>
    /// <param name="factory">for the gap polygons</param>
    public static LanguageCoverageResult Compute(CoverageHouseholds households, LanguageHouseholds languages, CategoryReach reach, bool[] covered,
        IReadOnlyList<ulong> facilityLanguages, GeometryFactory? factory = null)
    {
        ArgumentNullException.ThrowIfNull(households);
        ArgumentNullException.ThrowIfNull(languages);
        ArgumentNullException.ThrowIfNull(reach);
        ArgumentNullException.ThrowIfNull(covered);
        ArgumentNullException.ThrowIfNull(facilityLanguages);
        if (covered.Length != households.Households.Length) throw new ArgumentException($"{covered.Length} covered flags for {households.Households.Length} households", nameof(covered));
        if (facilityLanguages.Count != reach.Facilities.Count) throw new ArgumentException($"{facilityLanguages.Count} language sets for {reach.Facilities.Count} facilities", nameof(facilityLanguages));
        var served = Served(languages, reach, facilityLanguages);
        return new LanguageCoverageResult(Aggregate(households, languages, covered, served), Gaps(households, languages, served, factory));
    }

    /// <summary>Per slot: the wanted languages spoken by a facility within the threshold.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ulong[] Served(LanguageHouseholds languages, CategoryReach reach, IReadOnlyList<ulong> facilityLanguages)
    {
        var served = new ulong[languages.Count];
        ulong any = 0;
        foreach (var w in languages.Wanted) any |= w;
        var slotOf = languages.SlotOfHousehold;
        var T = reach.ThresholdSeconds;
        for (var f = 0; f < facilityLanguages.Count; f++)
        {
            var m = facilityLanguages[f] & any;
            if (m == 0) continue;                                    // speaks no language anybody wants: nothing to visit
            ReadOnlySpan<int> ids = reach.Facilities[f].Households;
            ReadOnlySpan<double> seconds = reach.Facilities[f].Seconds;
            for (var k = 0; k < ids.Length; k++)
            {
                var s = slotOf[ids[k]];
                if (s >= 0 && seconds[k] <= T) served[s] |= m;
            }
        }
        for (var s = 0; s < served.Length; s++) served[s] &= languages.Wanted[s];
        return served;
    }

    private struct Sums
    {
        public long Households, HouseholdsCovered, HouseholdsInLanguage, Persons, PersonsCovered, PersonsInLanguage;
    }

    private static List<LanguageUnitCoverage> Aggregate(CoverageHouseholds households, LanguageHouseholds languages, bool[] covered, ulong[] served)
    {
        var units = households.Units;
        var acc = new Dictionary<(CoverageLevel Level, int Id, int Language), Sums>();
        var perLanguage = new long[languages.Languages.Count];
        for (var s = 0; s < languages.Count; s++)
        {
            var i = languages.HouseholdOfSlot[s];
            var (grid, community, street) = units.Combinations[units.Combination[i]];
            var cov = covered[i];
            long persons = 0, inLanguage = 0;
            Array.Clear(perLanguage);
            for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
            {
                var (mask, p) = (languages.EntryMask[e], languages.EntryPersons[e]);
                persons += p;
                if ((mask & served[s]) != 0) inLanguage += p;
                for (var bits = mask; bits != 0; bits &= bits - 1) perLanguage[System.Numerics.BitOperations.TrailingZeroCount(bits)] += p;
            }
            Add(-1, persons, inLanguage, inLanguage > 0);
            for (var bits = languages.Wanted[s]; bits != 0; bits &= bits - 1)
            {
                var l = System.Numerics.BitOperations.TrailingZeroCount(bits);
                var isServed = (served[s] & (1UL << l)) != 0;
                Add(l, perLanguage[l], isServed ? perLanguage[l] : 0, isServed);
            }

            void Add(int language, long p, long pIn, bool hhIn)
            {
                Put(CoverageLevel.District, 0);
                if (street != 0) Put(CoverageLevel.Street, street);
                if (community != 0) Put(CoverageLevel.Community, community);
                if (grid != 0) Put(CoverageLevel.Grid, grid);
                void Put(CoverageLevel level, int id)
                {
                    ref var x = ref CollectionsMarshalRef(acc, (level, id, language));
                    x.Households++; x.Persons += p;
                    if (cov) { x.HouseholdsCovered++; x.PersonsCovered += p; }
                    if (hhIn) x.HouseholdsInLanguage++;
                    x.PersonsInLanguage += pIn;
                }
            }
        }
        return acc.OrderBy(kv => kv.Key.Level).ThenBy(kv => kv.Key.Id).ThenBy(kv => kv.Key.Language)
            .Select(kv => new LanguageUnitCoverage(kv.Key.Level, kv.Key.Id, kv.Key.Language < 0 ? AllLanguages : languages.Languages[kv.Key.Language],
                kv.Value.Households, kv.Value.HouseholdsCovered, kv.Value.HouseholdsInLanguage, kv.Value.Persons, kv.Value.PersonsCovered, kv.Value.PersonsInLanguage))
            .ToList();
    }

    private static ref Sums CollectionsMarshalRef(Dictionary<(CoverageLevel, int, int), Sums> acc, (CoverageLevel, int, int) key) =>
        ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(acc, key, out _);

    /// <summary>Per language: the cells of households wanting it and not served in it, traced into polygons.</summary>
    private static List<LanguageGap> Gaps(CoverageHouseholds households, LanguageHouseholds languages, ulong[] served, GeometryFactory? factory)
    {
        var gaps = new List<LanguageGap>();
        var fine = households.Lattice;
        var lattice = new CellLattice(fine.MinX, fine.MinY, GapCellMetres, (fine.Columns + 4) / 5, (fine.Rows + 4) / 5);
        var cells = new int[households.Households.Length];
        Array.Fill(cells, -1);
        for (var s = 0; s < languages.Count; s++)
        {
            var h = households.Households[languages.HouseholdOfSlot[s]];
            cells[languages.HouseholdOfSlot[s]] = lattice.CellOf(h.X, h.Y);
        }
        for (var l = 0; l < languages.Languages.Count; l++)
        {
            var bit = 1UL << l;
            var mask = new bool[lattice.Count];
            var any = false;
            for (var s = 0; s < languages.Count; s++)
                if ((languages.Wanted[s] & bit) != 0 && (served[s] & bit) == 0 && cells[languages.HouseholdOfSlot[s]] is var c and >= 0) { mask[c] = true; any = true; }
            if (!any) continue;
            var traced = CellPolygons.Trace(lattice, mask, factory);
            var hh = new long[traced.Polygons.Count];
            var persons = new long[traced.Polygons.Count];
            for (var s = 0; s < languages.Count; s++)
            {
                if ((languages.Wanted[s] & bit) == 0 || (served[s] & bit) != 0) continue;
                var c = cells[languages.HouseholdOfSlot[s]];
                var r = c < 0 ? -1 : traced.RegionOf(c);
                if (r < 0) continue;
                hh[r]++;
                for (var e = languages.EntryStart[s]; e < languages.EntryStart[s + 1]; e++)
                    if ((languages.EntryMask[e] & bit) != 0) persons[r] += languages.EntryPersons[e];
            }
            for (var p = 0; p < traced.Polygons.Count; p++)
                if (hh[p] >= MinGapHouseholds) gaps.Add(new LanguageGap(languages.Languages[l], traced.Polygons[p], hh[p], persons[p]));
        }
        return gaps.OrderByDescending(g => g.Households).ThenBy(g => g.Language, StringComparer.Ordinal)
            .ThenBy(g => g.Polygon.EnvelopeInternal.MinX).ThenBy(g => g.Polygon.EnvelopeInternal.MinY).ToList();
    }
}
