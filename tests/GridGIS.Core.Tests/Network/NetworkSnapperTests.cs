using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using static GridGIS.Core.Tests.Network.NetworkTestKit;

namespace GridGIS.Core.Tests.Network;

public class NetworkSnapperTests
{
    [Fact]
    public void Snap_LandsOnTheEdgeNotTheNode_WhenPointBesideEdgeMiddle()
    {
        var net = Net("LINESTRING(0 0, 1000 0)");
        var p = new NetworkSnapper(net).Snap(400, 30);
        Assert.Equal((0, 0.4, 30.0, 400.0, 0.0), (p.Edge, p.Fraction, p.AccessMetres, p.X, p.Y));
    }

    [Fact]
    public void Snap_MeasuresFractionAlongGeometry_WhenEdgeIsBent()
    {
        // an L of 100 + 100 m whose recorded length is 250 m: the point at the corner is half-way
        var net = new WalkNetwork([0, 100], [0, 100], [new WalkEdge(0, 1, 250, false, [new(0, 0), new(100, 0), new(100, 100)])]);
        var p = new NetworkSnapper(net).Snap(110, -10);
        Assert.Equal(0.5, p.Fraction, 1e-12);
        Assert.Equal(125, p.MetresFromSource(net), 1e-9);
        Assert.Equal(Math.Sqrt(200), p.AccessMetres, 1e-9);
    }

    [Fact]
    public void Snap_ReportsOffNetwork_WhenFartherThanLimit()
    {
        var net = Net("LINESTRING(0 0, 1000 0)");
        var snapper = new NetworkSnapper(net, maxSnapMetres: 300);
        Assert.False(snapper.Snap(500, 299).IsOffNetwork);
        Assert.True(snapper.Snap(500, 301).IsOffNetwork);
        Assert.True(snapper.Snap(5000, 5000).IsOffNetwork);
    }

    [Fact]
    public void Snap_HasZeroAccess_WhenPointExactlyAtNode()
    {
        var net = Net("LINESTRING(0 0, 100 0)", "LINESTRING(100 0, 200 0)");
        var p = new NetworkSnapper(net).Snap(100, 0);
        Assert.Equal(0, p.AccessMetres);
        Assert.True(p.Fraction is 0 or 1);
    }

    [Fact]
    public void SnapAll_MatchesBruteForceDistance_OnRandomNetwork()
    {
        var net = RandomGrid(30, 5);
        var lines = Enumerable.Range(0, net.EdgeCount).Select(e => new LineString(net.EdgeCoordinates(e))).ToArray();
        var rnd = new Random(5);
        var xs = Enumerable.Range(0, 400).Select(_ => 499_800 + rnd.NextDouble() * 3400).ToArray();
        var ys = Enumerable.Range(0, 400).Select(_ => 4_399_800 + rnd.NextDouble() * 3400).ToArray();
        var snapped = new NetworkSnapper(net, 150).SnapAll(xs, ys);
        for (var i = 0; i < xs.Length; i++)
        {
            var pt = new Point(xs[i], ys[i]);
            var best = lines.Min(l => l.Distance(pt));
            if (best > 150) { Assert.True(snapped[i].IsOffNetwork, $"point {i} at {best} m"); continue; }
            Assert.Equal(best, snapped[i].AccessMetres, 1e-6);
            Assert.Equal(best, lines[snapped[i].Edge].Distance(pt), 1e-6);
            Assert.Equal(best, new Point(snapped[i].X, snapped[i].Y).Distance(pt), 1e-6);
        }
    }

    [Fact]
    public void Constructor_Throws_WhenLimitNegative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new NetworkSnapper(Net("LINESTRING(0 0, 1 0)"), -1));
}
