using GridGIS.Core.Coverage;
using GridGIS.Core.Languages;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Languages;

/// <summary>
/// Language-aware coverage by hand: a street 2 km long (east-west, a node every 100 m), a health station at its west end that speaks
/// Chinese; 15 minutes at 4 km/h (1,000 m). A Korean household 200 m along the street (grid 1; 3 Koreans), an American one 300 m
/// along (grid 2; 2 Americans), a Chinese one 400 m along (grid 2), and five Korean ones 1,900-1,940 m along (grid 2; 4 + 1 + 1 + 1 + 1
/// Koreans), out of reach.
/// </summary>
public sealed class LanguageCoverageTests
{
    private static readonly WalkSpeed Speed = new(4);
    private static readonly GeometryFactory F = new();

    private static (CoverageHouseholds Households, SnappedHouseholds Network, LanguageHouseholds Languages) City()
    {
        CoverageHousehold[] hh =
        [
            new(1, 200, 10, 3, 3, 1, 1, 1),
            new(2, 300, 10, 2, 2, 2, 1, 1),
            new(3, 400, 10, 4, 0, 2, 1, 1),
            new(4, 1900, 10, 4, 4, 2, 1, 1),
            new(5, 1910, 10, 1, 1, 2, 1, 1), new(6, 1920, 10, 1, 1, 2, 1, 1), new(7, 1930, 10, 1, 1, 2, 1, 1), new(8, 1940, 10, 1, 1, 2, 1, 1),
        ];
        var households = CoverageHouseholds.Prepare(hh, [F.ToGeometry(new Envelope(0, 2000, -100, 100))]);
        var lines = Enumerable.Range(0, 20).Select(i => F.CreateLineString([new Coordinate(i * 100, 0), new Coordinate(i * 100 + 100, 0)]));
        var network = SnappedHouseholds.Snap(new NetworkSnapper(WalkNetwork.FromLines(lines)), households);
        var languages = LanguageHouseholds.Prepare(households,
            [new(1, "KR", 3), new(2, "US", 2), new(4, "KR", 4), new(5, "KR", 1), new(6, "KR", 1), new(7, "KR", 1), new(8, "KR", 1)]);
        return (households, network, languages);
    }

    private static CategoryRunResult Run(params string[] stationLanguages)
    {
        var (households, network, languages) = City();
        CoverageFacility[] facilities = [new(7, 0, 0, 1000, stationLanguages)];
        var snapped = facilities.Select(f => network.Snapper.Snap(f.X, f.Y)).ToArray();
        return CategoryRun.Compute(households, network, facilities, snapped,
            new CategoryRunParameters("health_station", Speed.Seconds(1000), Speed, ReachMode.Network), new LanguageRunInputs(languages, Applies: true));
    }

    private static LanguageUnitCoverage Row(CategoryRunResult r, CoverageLevel level, int id, string language) =>
        r.Language!.Units.Single(u => u.Level == level && u.UnitId == id && u.Language == language);

    [Fact]
    public void Compute_KoreanHousehold200mFromChineseOnlyStation_IsCoveredButNotInItsLanguage()
    {
        var r = Run("zh");
        var grid1 = Row(r, CoverageLevel.Grid, 1, "ko");
        Assert.Equal((1L, 1L, 0L, 3L, 3L, 0L), (grid1.Households, grid1.HouseholdsCovered, grid1.HouseholdsInLanguage, grid1.Persons, grid1.PersonsCovered, grid1.PersonsInLanguage));
        var district = Row(r, CoverageLevel.District, 0, LanguageCoverage.AllLanguages);
        Assert.Equal((7L, 2L, 0L, 13L, 5L, 0L), (district.Households, district.HouseholdsCovered, district.HouseholdsInLanguage, district.Persons, district.PersonsCovered, district.PersonsInLanguage));
        // The five far Korean households are one language gap (a 250 m cell); a gap of one household (the near Korean, the
        // American) is not kept as a polygon, only counted in the figures above.
        var gap = Assert.Single(r.Language!.Gaps);
        Assert.Equal(("ko", 5L, 8L), (gap.Language, gap.Households, gap.Persons));
        Assert.True(gap.Polygon.EnvelopeInternal.MinX > 1000);
    }

    [Fact]
    public void Compute_GivingTheStationKorean_ChangesExactlyThatHouseholdsFigure()
    {
        var before = Run("zh");
        var after = Run("zh", "ko");
        Assert.Equal(before.Coverage.Units, after.Coverage.Units);                     // physical coverage is the same
        var changed = after.Language!.Units.Except(before.Language!.Units).ToList();
        var unchanged = after.Language.Units.Intersect(before.Language.Units).ToList();
        Assert.Equal(before.Language.Units.Count, after.Language.Units.Count);
        // The Korean household lies in grid 1, community 1, street 1 and the district; its 'ko' and 'all' rows change, each by
        // that household and its 3 persons in language; nothing else does (grid 2's rows, the 'en' rows).
        Assert.Equal(8, changed.Count);
        foreach (var c in changed)
        {
            var b = before.Language.Units.Single(u => u.Level == c.Level && u.UnitId == c.UnitId && u.Language == c.Language);
            Assert.Equal(b with { HouseholdsInLanguage = b.HouseholdsInLanguage + 1, PersonsInLanguage = b.PersonsInLanguage + 3 }, c);
            Assert.Contains(c.Language, new[] { "ko", LanguageCoverage.AllLanguages });
        }
        Assert.Contains(unchanged, u => u.Level == CoverageLevel.Grid && u.UnitId == 2 && u.Language == "ko");
        // The near Korean household's gap is gone; the far one's stays.
        var ko = Assert.Single(after.Language.Gaps, g => g.Language == "ko");
        Assert.True(ko.Polygon.EnvelopeInternal.MinX > 1000);
    }

    [Fact]
    public void Compute_WhereLanguageDoesNotApply_GivesNoLanguageResults()
    {
        var (households, network, languages) = City();
        CoverageFacility[] facilities = [new(7, 0, 0, 1000, ["zh"])];
        var r = CategoryRun.Compute(households, network, facilities, facilities.Select(f => network.Snapper.Snap(f.X, f.Y)).ToArray(),
            new CategoryRunParameters("food_market", Speed.Seconds(1000), Speed, ReachMode.Network), new LanguageRunInputs(languages, Applies: false));
        Assert.Null(r.Language);
        Assert.Null(r.Staffing);
        Assert.NotNull(r.Equity);
    }

    [Fact]
    public void Prepare_UnknownNationality_IsLeftOutAndCounted()
    {
        var (households, _, _) = City();
        var languages = LanguageHouseholds.Prepare(households, [new(1, "KR", 3), new(2, "XX", 2), new(99, "JP", 1)]);   // 99: not in the run
        Assert.Equal(1, languages.Count);
        Assert.Equal(2, languages.UnknownPersons);
        Assert.Equal(["ko"], languages.Languages);
        Assert.Equal(1UL, languages.MaskOf(["zh", "KO", "ja"]));
    }
}
