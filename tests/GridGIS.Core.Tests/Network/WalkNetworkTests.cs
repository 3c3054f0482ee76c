using GridGIS.Core.Network;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Tests.Network;

public sealed class WalkNetworkTests
{
    [Fact]
    public void Constructor_TurnsALineRound_WhenItIsDrawnFromTheTargetToTheSource()
    {
        // nodes 0 (0, 0) and 1 (100, 0); the bent line of edge 0 -> 1 is stored from (100, 0) via (50, 30) to (0, 0)
        var net = new WalkNetwork([0, 100], [0, 0], [new WalkEdge(0, 1, 120, false, [new(100, 0), new(50, 30), new(0, 0)])]);
        Assert.Equal(3, net.EdgeVertexCount(0));
        Assert.Equal((0.0, 0.0), net.EdgeVertex(0, 0));
        Assert.Equal((50.0, 30.0), net.EdgeVertex(0, 1));
        Assert.Equal((100.0, 0.0), net.EdgeVertex(0, 2));
    }

    [Fact]
    public void Constructor_KeepsALine_WhenItIsDrawnFromTheSource()
    {
        Coordinate[] line = [new(0, 0), new(50, 30), new(100, 0)];
        var net = new WalkNetwork([0, 100], [0, 0], [new WalkEdge(0, 1, 120, false, line)]);
        Assert.Equal(line.Select(c => (c.X, c.Y)), Enumerable.Range(0, 3).Select(i => net.EdgeVertex(0, i)));
        Assert.Equal((0.0, 0.0), (line[0].X, line[0].Y));                 // the caller's array is not touched
    }
}
