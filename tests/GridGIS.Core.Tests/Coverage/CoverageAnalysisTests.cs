using GridGIS.Core.Coverage;

namespace GridGIS.Core.Tests.Coverage;

public sealed class CoverageAnalysisTests
{
    private const double T = 900; // 15 minutes

    private static CoverageHousehold H(long id, int residents, int foreign, int grid, int community = 10, int street = 100) =>
        new(id, 0, 0, residents, foreign, grid, community, street);

    private static UnitCoverage Unit(CategoryCoverage c, CoverageLevel level, int id) =>
        c.Units.Single(u => u.Level == level && u.UnitId == id);

    [Fact]
    public void Compute_CountsHalf_WhenGridIsHalfCovered()
    {
        // Grid 1: four households, the first two within 15 minutes of the clinic, the last two not.
        CoverageHousehold[] hh = [H(1, 3, 1, grid: 1), H(2, 2, 0, grid: 1), H(3, 4, 2, grid: 1), H(4, 1, 0, grid: 1)];
        var reach = new CategoryReach("clinic", T, [120, 600, 901, double.PositiveInfinity],
            [new FacilityReach(7, 100, [0, 1], [120, 600])]);

        var c = CoverageAnalysis.Compute(hh, reach);

        var grid = Unit(c, CoverageLevel.Grid, 1);
        Assert.Equal((4L, 2L), (grid.Households, grid.HouseholdsCovered));
        Assert.Equal((10L, 5L), (grid.Residents, grid.ResidentsCovered));
        Assert.Equal((3L, 1L), (grid.ForeignResidents, grid.ForeignCovered));
        Assert.Equal(0.5, grid.ShareCovered);
        Assert.Equal([true, true, false, false], c.Covered);
        // The same households roll up unchanged to community, street and district.
        foreach (var (level, id) in new[] { (CoverageLevel.Community, 10), (CoverageLevel.Street, 100), (CoverageLevel.District, 0) })
            Assert.Equal(grid with { Level = level, UnitId = id }, Unit(c, level, id));
    }

    [Theory]
    [InlineData(900.0, true)]
    [InlineData(899.999, true)]
    [InlineData(900.000001, false)]
    public void Compute_CoversHousehold_WhenExactlyAtThreshold(double seconds, bool expected)
    {
        var reach = new CategoryReach("clinic", T, [seconds],
            seconds <= T ? [new FacilityReach(1, 10, [0], [seconds])] : [FacilityReach.None(1, 10)]);
        var c = CoverageAnalysis.Compute([H(1, 2, 0, grid: 5)], reach);
        Assert.Equal(expected, c.Covered[0]);
        Assert.Equal(expected ? 1 : 0, Unit(c, CoverageLevel.Grid, 5).HouseholdsCovered);
        Assert.Equal(expected ? 1 : 0, c.Loads[0].Households);
    }

    [Fact]
    public void Compute_CoversNobody_WhenCategoryHasNoFacility()
    {
        CoverageHousehold[] hh = [H(1, 3, 1, grid: 1), H(2, 2, 0, grid: 2, community: 11, street: 101)];
        var c = CoverageAnalysis.Compute(hh, CategoryReach.Empty("library", T, hh.Length));
        Assert.All(c.Units, u => Assert.Equal(0, u.HouseholdsCovered));
        Assert.Equal(5, Unit(c, CoverageLevel.District, 0).Residents);
        Assert.Empty(c.Loads);
        Assert.Equal([0.0, 0.0], c.HouseholdAccessibility);
    }

    [Fact]
    public void Compute_FlagsOverloadedFacility_WhenResidentsExceedCapacity()
    {
        CoverageHousehold[] hh = [H(1, 30, 0, grid: 1), H(2, 30, 0, grid: 1)];
        var reach = new CategoryReach("elderly_care", T, [100, 100],
            [new FacilityReach(1, 50, [0, 1], [100, 100]), new FacilityReach(2, 100, [0], [100]), new FacilityReach(3, null, [1], [100])]);
        var loads = CoverageAnalysis.Compute(hh, reach).Loads.ToDictionary(l => l.FacilityId);
        Assert.Equal((2L, 60L, 1.2, (bool?)true), (loads[1].Households, loads[1].Residents, loads[1].LoadRatio!.Value, loads[1].Overloaded));
        Assert.Equal((bool?)false, loads[2].Overloaded);
        Assert.Null(loads[3].Overloaded);   // capacity unknown: no verdict
        Assert.Null(loads[3].SupplyRatio);
    }

    [Fact]
    public void Compute_GivesE2sfcaScores_WhenTwoFacilitiesShareHouseholds()
    {
        // Facility A (capacity 10) reaches h0 in zone 1 (w 1.00) and h1 in zone 3 (w 0.22);
        // facility B (capacity 6) reaches h1 in zone 2 (w 0.68).
        // R_A = 10 / (4*1.00 + 5*0.22) = 10/5.1; R_B = 6 / (5*0.68) = 6/3.4.
        // A_h0 = R_A * 1.00; A_h1 = R_A * 0.22 + R_B * 0.68.
        CoverageHousehold[] hh = [H(1, 4, 0, grid: 1), H(2, 5, 0, grid: 2)];
        var reach = new CategoryReach("clinic", T, [100, 500],
            [new FacilityReach(1, 10, [0, 1], [100, 700]), new FacilityReach(2, 6, [1], [500])]);
        var c = CoverageAnalysis.Compute(hh, reach);
        double ra = 10 / 5.1, rb = 6 / 3.4;
        Assert.Equal(ra, c.Loads[0].SupplyRatio!.Value, 12);
        Assert.Equal(ra, c.HouseholdAccessibility[0], 12);
        Assert.Equal(ra * 0.22 + rb * 0.68, c.HouseholdAccessibility[1], 12);
        // District: residents-weighted mean of the household scores.
        Assert.Equal((4 * ra + 5 * (ra * 0.22 + rb * 0.68)) / 9, Unit(c, CoverageLevel.District, 0).Accessibility!.Value, 12);
    }

    [Fact]
    public void Compute_LeavesUnassignedHouseholdOutOfGrids_ButCountsItInDistrict()
    {
        var c = CoverageAnalysis.Compute([H(1, 2, 0, grid: 0, community: 0, street: 0)], CategoryReach.Empty("x", T, 1));
        Assert.Single(c.Units);
        Assert.Equal(CoverageLevel.District, c.Units[0].Level);
    }

    [Fact]
    public void Compute_Throws_WhenReachDoesNotMatchHouseholds()
    {
        var e = Assert.Throws<ArgumentException>(() =>
            CoverageAnalysis.Compute([H(1, 1, 0, 1)], new CategoryReach("x", T, [1, 2], [])));
        Assert.Contains("2 nearest times for 1 households", e.Message);
        Assert.Throws<ArgumentException>(() =>
            CoverageAnalysis.Compute([H(1, 1, 0, 1)], new CategoryReach("x", T, [1], [new FacilityReach(1, 1, [3], [1])])));
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(6, 20_000_000)]        // ids above the dense limit: summed in a dictionary
    public void Compute_EqualsPlainSums_ForRandomHouseholdsAndFacilityStretches(int seed, int idScale)
    {
        var rnd = new Random(seed);
        var hh = Enumerable.Range(0, 3000).Select(i =>
        {
            var residents = rnd.Next(0, 6);
            return new CoverageHousehold(i + 1, 0, 0, residents, rnd.Next(0, residents + 1),
                rnd.Next(0, 40) * idScale, rnd.Next(0, 9) * idScale, rnd.Next(0, 4) * idScale);
        }).ToArray();
        var nearest = hh.Select(_ => rnd.NextDouble() < 0.2 ? double.PositiveInfinity : rnd.NextDouble() * 1.3 * T).ToArray();
        // Facilities whose households are stretches of two shared arrays, as the network engine gives them.
        var ids = new List<int>(); var secs = new List<double>(); var stretches = new List<(int Start, int Count, int? Capacity)>();
        for (var f = 0; f < 25; f++)
        {
            var start = ids.Count;
            foreach (var i in Enumerable.Range(0, hh.Length).Where(_ => rnd.NextDouble() < 0.05)) { ids.Add(i); secs.Add(rnd.NextDouble() * T); }
            stretches.Add((start, ids.Count - start, f % 5 == 0 ? null : rnd.Next(0, 200)));
        }
        int[] allIds = [.. ids]; double[] allSecs = [.. secs];
        var reach = new CategoryReach("clinic", T, nearest, stretches.Select((s, f) => new FacilityReach(f + 1, s.Capacity,
            new ArraySegment<int>(allIds, s.Start, s.Count), new ArraySegment<double>(allSecs, s.Start, s.Count))).ToArray());

        var c = CoverageAnalysis.Compute(hh, reach);

        // E2SFCA by the book, one facility and one household at a time.
        var access = new double[hh.Length];
        foreach (var (s, f) in stretches.Select((s, f) => (s, f)))
        {
            var demand = Enumerable.Range(s.Start, s.Count).Sum(k => hh[allIds[k]].Residents * AccessibilityDecay.Weight(allSecs[k], T));
            if (s.Capacity is not { } cap || demand == 0) continue;
            for (var k = s.Start; k < s.Start + s.Count; k++) access[allIds[k]] += cap / demand * AccessibilityDecay.Weight(allSecs[k], T);
            Assert.Equal(cap / demand, c.Loads[f].SupplyRatio!.Value, 12);
            Assert.Equal(s.Count, c.Loads[f].Households);
        }
        for (var i = 0; i < hh.Length; i++) Assert.Equal(access[i], c.HouseholdAccessibility[i], 12);
        var covered = nearest.Select(t => t <= T).ToArray();
        Assert.Equal(covered, c.Covered);
        // Every unit of every level: plain sums over its households.
        var levels = new (CoverageLevel Level, Func<CoverageHousehold, int> Id)[]
            { (CoverageLevel.Grid, h => h.GridId), (CoverageLevel.Community, h => h.CommunityId), (CoverageLevel.Street, h => h.StreetId), (CoverageLevel.District, _ => 0) };
        var expected = levels.SelectMany(l => Enumerable.Range(0, hh.Length).Where(i => l.Level == CoverageLevel.District || l.Id(hh[i]) != 0)
            .GroupBy(i => l.Id(hh[i])).Select(g =>
            {
                var res = g.Sum(i => (long)hh[i].Residents);
                return new UnitCoverage(l.Level, g.Key, g.Count(), g.Count(i => covered[i]), res, g.Where(i => covered[i]).Sum(i => (long)hh[i].Residents),
                    g.Sum(i => (long)hh[i].ForeignResidents), g.Where(i => covered[i]).Sum(i => (long)hh[i].ForeignResidents),
                    res == 0 ? null : g.Sum(i => access[i] * hh[i].Residents) / res);
            })).ToList();
        Assert.Equal(expected.Count, c.Units.Count);
        foreach (var e in expected)
        {
            var u = Unit(c, e.Level, e.UnitId);
            Assert.Equal(e with { Accessibility = null }, u with { Accessibility = null });
            Assert.Equal(e.Accessibility.HasValue, u.Accessibility.HasValue);
            if (e.Accessibility is { } a) Assert.Equal(a, u.Accessibility!.Value, 9);
        }
    }

    [Fact]
    public void Compute_GivesTheSameResults_FromPreparedHouseholds()
    {
        CoverageHousehold[] hh = [H(1, 3, 1, grid: 1), H(2, 2, 0, grid: 2, community: 11), H(3, 4, 2, grid: 1)];
        var reach = new CategoryReach("clinic", T, [120, 950, 400], [new FacilityReach(7, 10, [0, 2], [120, 400])]);
        var units = HouseholdUnits.Of(hh);
        var a = CoverageAnalysis.Compute(hh, reach);
        var b = CoverageAnalysis.Compute(units, reach);
        Assert.Equal(a.Units, b.Units);
        Assert.Equal(a.Loads, b.Loads);
        Assert.Equal(a.Covered, b.Covered);
        Assert.Equal(a.HouseholdAccessibility, b.HouseholdAccessibility);
        Assert.Equal(3, units.Count);
        Assert.Throws<ArgumentException>(() => HouseholdUnits.Of([H(1, 2, 3, grid: 1)]));      // more foreign residents than residents
    }

    [Theory]
    [InlineData(0, 1.00)]
    [InlineData(300, 1.00)]
    [InlineData(300.01, 0.68)]
    [InlineData(600, 0.68)]
    [InlineData(900, 0.22)]
    [InlineData(900.01, 0)]
    public void Weight_FollowsLuoQiZones(double seconds, double expected) =>
        Assert.Equal(expected, AccessibilityDecay.Weight(seconds, T));
}
