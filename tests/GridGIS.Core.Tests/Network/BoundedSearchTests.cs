using GridGIS.Bench.Network;
using GridGIS.Core.Network;
using static GridGIS.Core.Tests.Network.NetworkTestKit;

namespace GridGIS.Core.Tests.Network;

public class BoundedSearchTests
{
    [Fact]
    public void Nodes_StopAtTheLimit_WhenLineIsLonger()
    {
        var net = Net("LINESTRING(0 0, 100 0)", "LINESTRING(100 0, 200 0)", "LINESTRING(200 0, 300 0)");
        var reach = BoundedSearch.Reach(net, new NetworkSnapper(net).Snap(0, 0), 250);
        Assert.Equal([(0.0, 0.0), (100, 100), (200, 200)], reach.Select(r => (net.NodeX(r.Node), r.Metres)).ToArray());
    }

    [Fact]
    public void CollectPoints_FindsHouseholdsOnPartlyReachedEdges_WhenWithinLimit()
    {
        var net = Net("LINESTRING(0 0, 1000 0)", "LINESTRING(1000 0, 1000 1000)");
        var snapper = new NetworkSnapper(net);
        var households = new EdgePointIndex(net, [snapper.Snap(300, 0), snapper.Snap(600, 5), snapper.Snap(1000, 500), snapper.Snap(2000, 2000)]);
        var search = new BoundedSearch(net);
        search.Run(snapper.Snap(200, 0), 500);
        var found = new List<PointReach>();
        Assert.Equal(2, search.CollectPoints(households, found));
        Assert.Equal([0, 1], found.Select(p => p.Point).Order());
        Assert.Equal([100, 405], found.OrderBy(p => p.Point).Select(p => Math.Round(p.Metres, 9)));
    }

    [Fact]
    public void CollectPoints_TakesTheShorterEnd_WhenPointReachableFromBoth()
    {
        // square 400 m round; source at corner 0,0; household at 50,100 on the top side: via 0,100 is 150 m
        var net = Net("LINESTRING(0 0, 100 0, 100 100)", "LINESTRING(100 100, 0 100, 0 0)");
        var snapper = new NetworkSnapper(net);
        var households = new EdgePointIndex(net, [snapper.Snap(50, 100)]);
        var search = new BoundedSearch(net);
        search.Run(snapper.Snap(0, 0), 1000);
        var found = new List<PointReach>();
        search.CollectPoints(households, found);
        Assert.Equal(150, Assert.Single(found).Metres, 1e-9);
    }

    [Fact]
    public void Run_ReusesScratch_WhenCalledAgainWithSmallerLimit()
    {
        var net = RandomGrid(20, 7);
        var search = new BoundedSearch(net);
        search.RunFromNode(0, 5000);
        var big = search.Nodes.Count;
        search.RunFromNode(0, 300);
        Assert.True(search.Nodes.Count < big);
        Assert.All(Enumerable.Range(0, net.NodeCount), n => Assert.True(search.Nodes.Contains(n) == double.IsFinite(search.NodeMetres(n))));
        Assert.All(search.Nodes, n => Assert.InRange(search.NodeMetres(n), 0, 300));
    }

    [Theory]
    [InlineData(11, 400)]
    [InlineData(12, 1000)]
    [InlineData(13, 1500)]
    public void CollectPoints_EqualsNearestFacilityTimes_ForOneFacility(int seed, double limit)
    {
        var net = RandomGrid(20, seed, onewayShare: 0.1);
        var rnd = new Random(seed);
        var snapper = new NetworkSnapper(net);
        var points = Enumerable.Range(0, 500).Select(_ => snapper.Snap(500_000 + rnd.NextDouble() * 1900, 4_400_000 + rnd.NextDouble() * 1900)).ToArray();
        var index = new EdgePointIndex(net, points);
        var facility = points[0];
        var times = NearestFacilityTimes.Compute(net, [facility]);
        var search = new BoundedSearch(net);
        search.Run(facility, limit);
        var found = new List<PointReach>();
        search.CollectPoints(index, found);
        var expected = Enumerable.Range(0, points.Length).Select(i => (i, m: times.To(points[i]).Metres)).Where(x => x.m <= limit).ToArray();
        Assert.Equal(expected.Select(x => x.i), found.Select(f => f.Point).Order());
        foreach (var f in found) Assert.Equal(times.To(points[f.Point]).Metres, f.Metres, 1e-9);
        foreach (var f in found) Assert.Equal(f.Metres, search.MetresTo(points[f.Point]), 1e-9);
    }

    [Theory]
    [InlineData(21, 600)]
    [InlineData(22, 1200)]
    public void CollectPoints_EqualsNearestFacilityTimes_ForSeveralSourcesSharingEdges(int seed, double limit)
    {
        var net = RandomGrid(20, seed, onewayShare: 0.3);
        // Random points, points exactly at nodes (the ends of one-way edges among them) and one far off the network.
        var points = RandomPoints(net, seed, random: 400, atNodes: 100, extent: 1900);
        Assert.True(points[^1].IsOffNetwork);
        var index = new EdgePointIndex(net, points);
        // Sources: three on the same edge as each other and as some points, and others spread out.
        SnappedPoint[] sources = [points[0], points[0] with { Fraction = points[0].Fraction / 2 }, points[0] with { Fraction = 1 - points[0].Fraction / 3 },
            points[50], points[420], points[^1]];
        var times = NearestFacilityTimes.Compute(net, sources);
        var search = new BoundedSearch(net);
        search.Run(sources, limit);
        var found = new List<PointReach>();
        var added = search.CollectPoints(index, found);

        var expected = Enumerable.Range(0, points.Length).Select(i => (i, m: times.To(points[i]).Metres)).Where(x => x.m <= limit).ToArray();
        Assert.Equal(found.Count, added);
        Assert.Equal(expected.Select(x => x.i), found.Select(f => f.Point).Order());   // each once
        var metres = found.ToDictionary(f => f.Point, f => f.Metres);
        foreach (var (i, m) in expected) Assert.Equal(m, metres[i]);                   // the same sums, to the last bit
    }

    [Fact]
    public void CollectPoints_AppendsAfterWhatIsThere_AndRepeatsItself_WhenCalledAgain()
    {
        var net = RandomGrid(12, 5);
        var snapper = new NetworkSnapper(net);
        var index = new EdgePointIndex(net, Enumerable.Range(0, 100).Select(k => snapper.Snap(500_000 + k * 11, 4_400_000 + k * 7)).ToArray());
        var search = new BoundedSearch(net);
        search.Run(snapper.Snap(500_500, 4_400_300), 700);
        var found = new List<PointReach> { new(-1, -1) };
        var first = search.CollectPoints(index, found);
        var second = search.CollectPoints(index, found);
        Assert.True(first > 0);
        Assert.Equal(first, second);
        Assert.Equal(new PointReach(-1, -1), found[0]);
        Assert.Equal(found.Skip(1).Take(first), found.Skip(1 + first));
    }
}
