using GridGIS.Bench.Network;
using GridGIS.Core.Network;
using static GridGIS.Core.Tests.Network.NetworkTestKit;

namespace GridGIS.Core.Tests.Network;

public class NearestFacilityTimesTests
{
    private const double Eps = 1e-9;

    /// <summary>Facilities and households given as points snapped to the WKT network; checks metres per household.</summary>
    private static void CheckNearest(string[] network, (double X, double Y)[] facilities, (double X, double Y, double Metres, int Facility)[] households)
    {
        var net = Net(network);
        var snapper = new NetworkSnapper(net);
        var f = facilities.Select(p => snapper.Snap(p.X, p.Y)).ToArray();
        var times = NearestFacilityTimes.Compute(net, f);
        foreach (var h in households)
        {
            var (metres, facility) = times.To(snapper.Snap(h.X, h.Y));
            Assert.Equal(h.Metres, metres, Eps);
            Assert.Equal(h.Facility, facility);
        }
    }

    [Fact]
    public void To_IsAlongTheLine_WhenFacilityAtOneEnd() =>
        CheckNearest(["LINESTRING(0 0, 100 0)", "LINESTRING(100 0, 300 0)"], [(0, 0)],
            [(0, 0, 0, 0), (100, 0, 100, 0), (250, 0, 250, 0), (250, 20, 270, 0)]);

    [Fact]
    public void To_IsInfinite_WhenHouseholdOnDisconnectedComponent() =>
        CheckNearest(["LINESTRING(0 0, 100 0)", "LINESTRING(0 100, 100 100)"], [(10, 0)],
            [(50, 0, 40, 0), (50, 100, double.PositiveInfinity, -1)]);

    [Fact]
    public void To_HonoursOneway_WhenEdgeIsOneWay()
    {
        // one-way 0,0 -> 100,0; the way back goes round 0,0-0,100-100,100-100,0 (300 m)
        CheckNearest([">LINESTRING(0 0, 100 0)", "LINESTRING(0 0, 0 100, 100 100, 100 0)"], [(0, 0)],
            [(100, 0, 100, 0)]);
        CheckNearest([">LINESTRING(0 0, 100 0)", "LINESTRING(0 0, 0 100, 100 100, 100 0)"], [(100, 0)],
            [(0, 0, 300, 0), (50, 0, 350, 0)]);
    }

    [Fact]
    public void To_LeavesTheNode_WhenFacilitySnapsToOneWayEdgeAtItsSource() =>
        // the facility at 0,0 snaps to the one-way edge (lowest index) at fraction 0: it still stands on the node
        CheckNearest([">LINESTRING(0 0, 100 0)", "LINESTRING(0 0, 0 100)"], [(0, 0)], [(0, 100, 100, 0), (100, 0, 100, 0)]);

    [Fact]
    public void CollectPoints_ReachesHousehold_WhenItSnapsToOneWayEdgeAtItsTarget()
    {
        var net = Net(">LINESTRING(0 0, 100 0)", "LINESTRING(100 0, 100 100)");
        var snapper = new NetworkSnapper(net);
        var household = snapper.Snap(100, 0);
        Assert.Equal((0, 1.0), (household.Edge, household.Fraction));
        var search = new BoundedSearch(net);
        search.Run(snapper.Snap(100, 100), 500);
        var found = new List<PointReach>();
        search.CollectPoints(new EdgePointIndex(net, [household]), found);
        Assert.Equal(100, Assert.Single(found).Metres, Eps);
        Assert.Equal(100, NearestFacilityTimes.Compute(net, [snapper.Snap(100, 100)]).To(household).Metres, Eps);
    }

    [Fact]
    public void To_SeedsBothEnds_WhenFacilityOnBridgeEdge()
    {
        // two squares joined by a 200 m bridge; the facility sits 50 m into the bridge
        // each square is one loop edge starting and ending at its bridge node
        string[] net = ["LINESTRING(100 0, 100 100, 0 100, 0 0, 100 0)", "LINESTRING(100 0, 300 0)", "LINESTRING(300 0, 400 0, 400 100, 300 100, 300 0)"];
        CheckNearest(net, [(150, 0)], [(100, 0, 50, 0), (300, 0, 150, 0), (0, 0, 150, 0), (400, 0, 250, 0), (200, 0, 50, 0)]);
    }

    [Fact]
    public void To_WalksDirectly_WhenHouseholdSharesTheFacilitysEdge() =>
        CheckNearest(["LINESTRING(0 0, 1000 0)"], [(400, 0)], [(450, 0, 50, 0), (450, 10, 60, 0), (0, 0, 400, 0)]);

    [Fact]
    public void To_CountsBothAccessLegs_WhenPointsAreOffTheEdge() =>
        CheckNearest(["LINESTRING(0 0, 1000 0)"], [(100, 30)], [(500, 40, 30 + 400 + 40, 0)]);

    [Fact]
    public void To_ReturnsTheNearestFacility_WhenSeveral() =>
        CheckNearest(["LINESTRING(0 0, 1000 0)", "LINESTRING(1000 0, 1000 1000)"], [(0, 0), (1000, 1000)],
            [(100, 0, 100, 0), (900, 0, 900, 0), (1000, 200, 800, 1), (1000, 0, 1000, 0)]);

    [Fact]
    public void To_IsInfinite_WhenHouseholdOffNetwork()
    {
        var net = Net("LINESTRING(0 0, 100 0)");
        var snapper = new NetworkSnapper(net);
        var times = NearestFacilityTimes.Compute(net, [snapper.Snap(0, 0)]);
        var far = snapper.Snap(50, 400);
        Assert.True(far.IsOffNetwork);
        Assert.Equal((double.PositiveInfinity, -1), times.To(far));
    }

    [Fact]
    public void NodeMetres_CrossesZeroLengthEdge_WhenNodesCoincide()
    {
        // nodes 1 and 2 share a location, joined by a zero-length edge (an underpass entrance, say)
        var net = new WalkNetwork([0, 100, 100, 200], [0, 0, 0, 0],
            [new WalkEdge(0, 1, 100), new WalkEdge(1, 2, 0), new WalkEdge(2, 3, 100)]);
        var times = NearestFacilityTimes.Compute(net, [SnappedPoint.AtNode(net, 0)]);
        Assert.Equal([0, 100, 100, 200], Enumerable.Range(0, 4).Select(times.NodeMetres).ToArray());
    }

    [Fact]
    public void To_EqualsNodeMetres_WhenHouseholdExactlyAtNode()
    {
        var net = Net("LINESTRING(0 0, 100 0)", "LINESTRING(100 0, 100 100)", "LINESTRING(100 0, 200 0)");
        var snapper = new NetworkSnapper(net);
        var times = NearestFacilityTimes.Compute(net, [snapper.Snap(0, 0)]);
        var at = snapper.Snap(100, 0);
        Assert.Equal(0, at.AccessMetres);
        Assert.Equal(times.NodeMetres(NodeAt(net, 100, 0)), times.To(at).Metres, Eps);
    }

    [Fact]
    public void Seconds_Is900_WhenThousandMetresAtDefaultSpeed()
    {
        var net = Net("LINESTRING(0 0, 1000 0)");
        var times = NearestFacilityTimes.Compute(net, [SnappedPoint.AtNode(net, 0)]);
        Assert.Equal(900, times.Seconds(SnappedPoint.AtNode(net, 1), WalkSpeed.Default), Eps);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void NodeMetres_EqualsReferenceMinimum_OnRandomNetworks(int seed)
    {
        var net = RandomGrid(25, seed, onewayShare: 0.1);
        var rnd = new Random(seed);
        var snapper = new NetworkSnapper(net);
        var facilities = Enumerable.Range(0, 6).Select(_ => snapper.Snap(500_000 + rnd.NextDouble() * 2400, 4_400_000 + rnd.NextDouble() * 2400)).ToArray();
        var times = NearestFacilityTimes.Compute(net, facilities);
        var starts = facilities.SelectMany(f => new[]
        {
            (net.EdgeTarget(f.Edge), f.AccessMetres + f.MetresToTarget(net)),
            (net.EdgeSource(f.Edge), net.EdgeOneway(f.Edge) ? double.PositiveInfinity : f.AccessMetres + f.MetresFromSource(net)),
        });
        var reference = ReferenceDistances(net, starts);
        for (var n = 0; n < net.NodeCount; n++)
        {
            Assert.Equal(reference[n], times.NodeMetres(n), 1e-6);
            if (double.IsFinite(reference[n]))
            {
                // the label names a facility whose own single-source distance equals the minimum
                var single = new BoundedSearch(net);
                single.Run(facilities[times.NodeFacility(n)], 1e7);
                Assert.Equal(reference[n], single.NodeMetres(n), 1e-6);
            }
        }
    }
}
