using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Coverage;

/// <summary>
/// One category of a run, inputs in, results out: a street 2 km long (east-west, a node every 100 m) with 20
/// households 10 m north of it, one every 100 m from x = 50, in one grid that covers the street; one facility at
/// its west end; 1,000 m at 4 km/h (900 s). The households within 1,000 m are covered, the far half is one gap.
/// </summary>
public sealed class CategoryRunTests
{
    private static readonly WalkSpeed Speed = new(4);
    private static readonly double Threshold = Speed.Seconds(1000);
    private static readonly GeometryFactory F = new();

    private static CoverageHouseholds Households(params CoverageHousehold[] extra)
    {
        var hh = Enumerable.Range(0, 20).Select(i => new CoverageHousehold(100 + i, 50 + i * 100, 10, 2, i % 2, 1, 1, 1)).Concat(extra).ToArray();
        var grid = F.ToGeometry(new Envelope(0, 2000, -100, 100));
        return CoverageHouseholds.Prepare(hh, [grid]);
    }

    private static SnappedHouseholds Network(CoverageHouseholds households)
    {
        var lines = Enumerable.Range(0, 20).Select(i => F.CreateLineString([new Coordinate(i * 100, 0), new Coordinate(i * 100 + 100, 0)]));
        return SnappedHouseholds.Snap(new NetworkSnapper(WalkNetwork.FromLines(lines)), households);
    }

    private static CategoryRunResult Run(ReachMode mode, CoverageHouseholds households, SnappedHouseholds? network, params CoverageFacility[] facilities)
    {
        var snapped = network is null ? null : facilities.Select(f => network.Snapper.Snap(f.X, f.Y)).ToArray();
        return CategoryRun.Compute(households, network, facilities, snapped, new CategoryRunParameters("clinic", Threshold, Speed, mode, DetourFactor: 1));
    }

    private static void CheckHalfCovered(CategoryRunResult result)
    {
        var district = result.Coverage.Units.Single(u => u.Level == CoverageLevel.District);
        Assert.Equal((20L, 10L, 40L, 20L), (district.Households, district.HouseholdsCovered, district.Residents, district.ResidentsCovered));
        var households = result.Coverage.Units.Single(u => u.Level == CoverageLevel.Grid && u.UnitId == 1);
        Assert.Equal(10L, households.HouseholdsCovered);
        Assert.Equal((7, 20L, 10L), (result.Coverage.Loads.Single().FacilityId, result.Coverage.Loads.Single().Residents, result.Coverage.Loads.Single().Households));
        var gap = Assert.Single(result.Gaps);
        Assert.Equal((10L, 10L), (gap.Households, gap.HouseholdsNotCovered));
        // the gap starts about 1 km from the facility (to one 50 m cell) and runs to the grid's east end
        Assert.InRange(gap.Polygon.EnvelopeInternal.MinX, 1000 - CoverageHouseholds.GapCellMetres - 1, 1000 + CoverageHouseholds.GapCellMetres);
        Assert.True(gap.Polygon.EnvelopeInternal.MaxX >= 2000 - 1e-9);
    }

    [Fact]
    public void Compute_CoversTheNearHalf_AndTheFarHalfIsOneGap_OnTheNetwork()
    {
        var households = Households();
        CheckHalfCovered(Run(ReachMode.Network, households, Network(households), new CoverageFacility(7, 0, 0, 100)));
    }

    [Fact]
    public void Compute_CoversTheNearHalf_AndTheFarHalfIsOneGap_InStraightLines()
    {
        CheckHalfCovered(Run(ReachMode.Euclidean, Households(), null, new CoverageFacility(7, 0, 0, 100)));
    }

    [Fact]
    public void Compute_ReachesNobody_WhenTheFacilityIsOffNetwork()
    {
        var households = Households();
        var result = Run(ReachMode.Network, households, Network(households), new CoverageFacility(7, 0, 5000, 100));
        Assert.Equal(0L, result.Coverage.Units.Single(u => u.Level == CoverageLevel.District).HouseholdsCovered);
        Assert.Equal(20L, Assert.Single(result.Gaps).HouseholdsNotCovered);
    }

    [Fact]
    public void Compute_Throws_WhenNetworkModeHasNoNetwork() =>
        Assert.Throws<InvalidOperationException>(() => Run(ReachMode.Network, Households(), null, new CoverageFacility(7, 0, 0, 100)));

    [Fact]
    public void Prepare_SortsHouseholdsSpatially_AndPutsEveryHouseholdInAResidentialCell()
    {
        // one household far outside the grid: its own cell is residential all the same
        var households = Households(new CoverageHousehold(1, 1010, 905, 1, 0, 0, 0, 0));
        var sorted = households.Households.ToArray();
        SpatialOrder.Sort(sorted);
        Assert.Equal(sorted, households.Households);
        Assert.All(households.HouseholdCells, c => Assert.True(households.Residential[c]));
        Assert.Equal(households.Households.Select(h => households.Lattice.CellOf(h.X, h.Y)), households.HouseholdCells);
        Assert.Equal(Enumerable.Range(0, households.Lattice.Count).Where(c => households.Residential[c]), households.ResidentialCells);
        Assert.Equal(21, households.Units.Count);
    }
}
