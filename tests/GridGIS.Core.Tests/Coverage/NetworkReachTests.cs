using GridGIS.Core.Coverage;
using GridGIS.Core.Network;
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
}
