using GridGIS.Bench.Network;
using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
using GridGIS.Core.Tests.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Coverage;

public sealed class NetworkReachTests
{
    /// <summary>A straight street from x=0 to x=1000 m in 100 m edges; households just beside it (5 m off).</summary>
    private static (WalkNetwork Network, NetworkSnapper Snapper) Street()
    {
        var xs = Enumerable.Range(0, 11).Select(i => i * 100.0).ToArray();
        var edges = Enumerable.Range(0, 10).Select(i => new WalkEdge(i, i + 1, 100)).ToList();
        var network = new WalkNetwork(xs, new double[11], edges);
        return (network, new NetworkSnapper(network));
    }

    [Fact]
    public void Compute_CoversHouseholdExactlyAtThreshold_AlongTheNetwork()
    {
        var (network, snapper) = Street();
        // 1 m/s (3.6 km/h), 500 s: households at 300 m, 495+5 m (exactly 500 with the access leg), 600 m, and one 2 km off the street.
        double[] hx = [300, 495, 600, 500], hy = [0, 5, 0, 2000];
        var households = new EdgePointIndex(network, snapper.SnapAll(hx, hy));
        var facility = snapper.Snap(0, 0);
        var (reach, area) = new NetworkReach(households).Compute("clinic", [new CoverageFacility(1, 0, 0, 10)], [facility], 500, new WalkSpeed(3.6));

        Assert.Equal(300, reach.NearestSeconds[0], 9);
        Assert.Equal(500, reach.NearestSeconds[1]);
        Assert.Equal(double.PositiveInfinity, reach.NearestSeconds[2]);
        Assert.Equal(double.PositiveInfinity, reach.NearestSeconds[3]);   // off network: reaches nothing
        Assert.Equal([0, 1], reach.Facilities[0].Households.Order());

        CoverageHousehold[] hh = hx.Select((x, i) => new CoverageHousehold(i, x, hy[i], 1, 0, 1, 1, 1)).ToArray();
        var coverage = CoverageAnalysis.Compute(hh, reach);
        Assert.Equal([true, true, false, false], coverage.Covered);
        // The service area follows the street: it holds the household at 300 m but not the one at 600 m.
        Assert.True(area.Contains(new Point(300, 0)));
        Assert.False(area.Contains(new Point(600, 0)));
    }

    [Fact]
    public void Compute_ReachesNothing_WhenCategoryHasNoFacility()
    {
        var (network, snapper) = Street();
        var households = new EdgePointIndex(network, snapper.SnapAll([100, 200], [0, 0]));
        var (reach, area) = new NetworkReach(households).Compute("library", [], [], 900, WalkSpeed.Default);
        Assert.All(reach.NearestSeconds, t => Assert.Equal(double.PositiveInfinity, t));
        Assert.True(area.IsEmpty);
    }

    [Theory]
    [InlineData(41, 600.0)]
    [InlineData(42, 900.0)]
    public void Compute_GivesTheMultiSourceTimes_AndMarksTheReachedCells(int seed, double thresholdSeconds)
    {
        var net = NetworkTestKit.RandomGrid(18, seed, onewayShare: 0.2);
        var households = NetworkTestKit.RandomPoints(net, seed, random: 700, atNodes: 50, extent: 1700);
        var centres = NetworkTestKit.RandomPoints(net, seed + 100, random: 120, atNodes: 10, extent: 1700);
        var points = new EdgePointIndex(net, [.. households, .. centres]);
        // facilities: two on one household's edge, one at a node, one off the network
        SnappedPoint[] snapped = [households[5], households[5] with { Fraction = households[5].Fraction / 2 }, households[710], households[^1]];
        var facilities = snapped.Select((_, f) => new CoverageFacility(f + 1, 0, 0, 100)).ToArray();
        var speed = new WalkSpeed(4);
        var engine = new NetworkReach(points, households.Length);

        var (reach, _) = engine.Compute("clinic", facilities, snapped, thresholdSeconds, speed, withServiceArea: false);
        var cells = Enumerable.Range(1000, centres.Length).ToArray();
        var served = new bool[1000 + centres.Length];
        engine.MarkServed(cells, served);

        var limit = speed.Metres(thresholdSeconds);
        var times = NearestFacilityTimes.Compute(net, snapped, limit);
        for (var i = 0; i < households.Length; i++)
        {
            var m = times.To(households[i]).Metres;
            Assert.Equal(m <= limit ? Math.Min(thresholdSeconds, speed.Seconds(m)) : double.PositiveInfinity, reach.NearestSeconds[i]);
        }
        for (var k = 0; k < centres.Length; k++) Assert.Equal(times.To(centres[k]).Metres <= limit, served[1000 + k]);
        Assert.Contains(served, s => s);
        Assert.Contains(reach.NearestSeconds, t => double.IsPositiveInfinity(t));
        // the facilities' households are households only, each within the threshold
        Assert.All(reach.Facilities, f => Assert.All(f.Households, i => Assert.InRange(i, 0, households.Length - 1)));
        Assert.Equal(0, reach.Facilities[3].Households.Count);                  // off the network: reaches nobody
    }

    [Fact]
    public void MarkServed_Throws_BeforeACategoryIsComputed_OrForTheWrongNumberOfCells()
    {
        var (network, snapper) = Street();
        var points = new EdgePointIndex(network, snapper.SnapAll([100, 200, 300], [0, 0, 0]));
        var engine = new NetworkReach(points, households: 2);
        Assert.Throws<InvalidOperationException>(() => engine.MarkServed([0], new bool[1]));
        engine.Compute("clinic", [new CoverageFacility(1, 0, 0, 10)], [snapper.Snap(0, 0)], 500, new WalkSpeed(3.6), withServiceArea: false);
        Assert.Throws<ArgumentException>(() => engine.MarkServed([0, 1], new bool[2]));
        var served = new bool[1];
        engine.MarkServed([0], served);
        Assert.True(served[0]);                                   // the third point, 300 m along at 1 m/s, within 500 s
    }
}
