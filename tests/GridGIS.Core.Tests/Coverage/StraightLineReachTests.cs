using GridGIS.Core.Coverage;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Coverage;

public sealed class StraightLineReachTests
{
    private static CoverageHousehold At(double x, double y) => new(0, x, y, 1, 0, 1, 1, 1);

    [Fact]
    public void Reach_GivesStraightLineTimesTimesDetour_WithinRadius()
    {
        // 1 m/s, 900 s, detour 1.3: radius 692.3 m. Households at 300 m, 692 m, 693 m and 5 km.
        CoverageHousehold[] hh = [At(300, 0), At(0, 692), At(-693, 0), At(5000, 5000)];
        var r = StraightLineReach.Compute("clinic", hh, [new CoverageFacility(9, 0, 0, 10)], 900, 1.0);
        Assert.Equal(390, r.NearestSeconds[0], 9);
        Assert.Equal(692 * 1.3, r.NearestSeconds[1], 9);
        Assert.Equal(double.PositiveInfinity, r.NearestSeconds[2]);
        Assert.Equal(double.PositiveInfinity, r.NearestSeconds[3]);
        Assert.Equal([0, 1], r.Facilities[0].Households);
    }

    [Fact]
    public void Reach_TakesNearestOfSeveralFacilities_AcrossCells()
    {
        var hh = Enumerable.Range(0, 50).Select(i => At(i * 100, 0)).ToArray();
        CoverageFacility[] fac = [new(1, 0, 0, null), new(2, 4900, 0, null)];
        var r = new StraightLineReach { DetourFactor = 1 }.Reach("x", hh, fac, 1000, 1);
        for (var i = 0; i < hh.Length; i++)
        {
            var expected = Math.Min(i * 100.0, 4900 - i * 100.0);
            Assert.Equal(expected <= 1000 ? expected : double.PositiveInfinity, r.NearestSeconds[i], 9);
        }
    }

    [Fact]
    public void Reach_FindsSameHouseholds_WhenBucketsAreSharedAcrossRadii()
    {
        // A 60 x 60 lattice of households 25 m apart; buckets of 100 m serve radii of 300 m and 769 m alike.
        var hh = Enumerable.Range(0, 3600).Select(i => At(i % 60 * 25.0, i / 60 * 25.0)).ToArray();
        CoverageFacility[] fac = [new(1, 700, 700, null), new(2, 10, 1400, null)];
        var buckets = StraightLineReach.Bucket(hh);
        foreach (var radius in new[] { 300.0, 769.2 })
        {
            var own = new StraightLineReach { DetourFactor = 1 }.Reach("x", hh, fac, radius, 1);
            var shared = new StraightLineReach { DetourFactor = 1 }.Reach("x", hh, fac, radius, 1, buckets);
            Assert.Equal(own.NearestSeconds, shared.NearestSeconds);
            for (var f = 0; f < fac.Length; f++)
            {
                var expected = Enumerable.Range(0, hh.Length)
                    .Where(i => Math.Sqrt(Math.Pow(hh[i].X - fac[f].X, 2) + Math.Pow(hh[i].Y - fac[f].Y, 2)) <= radius).ToArray();
                Assert.Equal(expected, shared.Facilities[f].Households.Order().ToArray());
                Assert.Equal(expected, own.Facilities[f].Households.Order().ToArray());
            }
        }
    }

    [Fact]
    public void Reach_Throws_WhenBucketsHoldOtherHouseholds() =>
        Assert.Throws<ArgumentException>(() => new StraightLineReach().Reach("x", [At(0, 0)], [], 900, 1, StraightLineReach.Bucket([])));

    [Fact]
    public void Reach_Throws_WhenSpeedIsNotPositive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => StraightLineReach.Compute("x", [], [], 900, 0));

    [Fact]
    public void ServiceArea_DissolvesCirclesOfTheWalkOverTheDetourFactor_AndIsEmptyWithoutPoints()
    {
        var f = new GeometryFactory();
        var reach = new StraightLineReach();                           // detour 1.3: a 1,300 m walk is a 1,000 m radius
        var area = reach.ServiceArea([(0, 0), (1500, 0)], 1300, f);
        Assert.Equal(1, area.NumGeometries);                           // overlapping circles dissolve into one polygon
        Assert.True(area.Covers(f.CreatePoint(new Coordinate(0, 990))) && area.Covers(f.CreatePoint(new Coordinate(750, 600))));
        Assert.False(area.Covers(f.CreatePoint(new Coordinate(0, 1001))));
        Assert.Equal(1000, reach.Radius(1300, 1), 9);
        Assert.True(reach.ServiceArea([], 1300, f).IsEmpty);
    }
}
