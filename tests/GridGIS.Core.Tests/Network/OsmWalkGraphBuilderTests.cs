using GridGIS.Core.Geo;
using GridGIS.Core.Network;

namespace GridGIS.Core.Tests.Network;

/// <summary>The walking rules as the graph applies them: barriers, pedestrian areas, bridges and the join onto a stored network.</summary>
public class OsmWalkGraphBuilderTests
{
    private static Dictionary<string, string> Tags(string s) =>
        s.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);

    /// <summary>A network of the edges (node ids as given), in metres along a flat plane of 1 m per 1e-5 degree (enough for connectivity).</summary>
    private static ConnectivityReport Connectivity(List<OsmWalkEdge> edges)
    {
        var ids = edges.SelectMany(e => new[] { e.Source, e.Target }).Distinct().ToList();
        var index = ids.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var x = new double[ids.Count]; var y = new double[ids.Count];
        var net = new WalkNetwork(x, y, edges.Select(e => new WalkEdge(index[e.Source], index[e.Target], 1)).ToArray());
        return NetworkConnectivity.Analyze(net);
    }

    private static OsmWalkGraphBuilder Line(int count, Func<int, string?>? nodeTags = null)
    {
        var b = new OsmWalkGraphBuilder();
        for (var i = 1; i <= count; i++) b.AddNode(i, 116.4 + i * 0.001, 39.9, nodeTags?.Invoke(i) is { } t ? Tags(t) : null);
        return b;
    }

    [Theory]
    [InlineData("barrier=gate;access=private", 2)]
    [InlineData("barrier=lift_gate;access=no", 2)]
    [InlineData("barrier=gate;access=yes", 1)]
    [InlineData("barrier=gate", 1)]
    [InlineData("barrier=gate;access=private;foot=yes", 1)]
    public void Build_CutsTheWayAtAClosedGate_AndPassesAnOpenOne(string gateTags, int components)
    {
        var b = Line(5, i => i == 3 ? gateTags : null);
        b.AddWay(100, [1, 2, 3, 4, 5], Tags("highway=service"));
        var edges = b.Build();
        Assert.Equal(components, Connectivity(edges).Components);
        Assert.Equal(components == 2 ? 1 : 0, b.BlockingBarriers);
        if (components == 2)
        {
            // both sides end at the gate's position, at nodes of their own that no later import can join by OSM id
            Assert.Equal(2, edges.Count);
            Assert.NotEqual(edges[0].Target, edges[1].Source);
            Assert.Equal(b.Node(3), b.Node(edges[0].Target));
            Assert.Null(b.OsmNodeId(edges[0].Target));
        }
    }

    [Fact]
    public void Build_KeepsABridgeApartFromTheRoadItCrosses_AndGivesItsNodesTheBridgesLevel()
    {
        var b = new OsmWalkGraphBuilder();
        // a road west-east and a footbridge south-north over it, crossing at (116.401, 39.9) without a shared node
        b.AddNode(1, 116.400, 39.9); b.AddNode(2, 116.402, 39.9);
        b.AddNode(3, 116.401, 39.899); b.AddNode(4, 116.401, 39.901);
        b.AddWay(10, [1, 2], Tags("highway=residential"));
        b.AddWay(11, [3, 4], Tags("highway=footway;bridge=yes;layer=1"));
        var edges = b.Build();
        Assert.Equal(2, Connectivity(edges).Components);
        Assert.Equal((0, 1), (b.NodeLevel(1), b.NodeLevel(3)));
    }

    [Fact]
    public void Build_GivesANodeTheGroundLevel_WhenAGroundWayMeetsTheBridgeThere()
    {
        var b = new OsmWalkGraphBuilder();
        b.AddNode(1, 116.400, 39.9); b.AddNode(2, 116.401, 39.9); b.AddNode(3, 116.402, 39.9);
        b.AddWay(11, [1, 2], Tags("highway=footway;bridge=yes"));
        b.AddWay(10, [2, 3], Tags("highway=footway"));
        b.Build();
        Assert.Equal((1, 0, 0), (b.NodeLevel(1), b.NodeLevel(2), b.NodeLevel(3)));
    }

    /// <summary>A square 100 m wide (area=yes highway=pedestrian, nodes 1..4 and 5..8 on its sides) with footways meeting it at 5, 6 and 7.</summary>
    private static OsmWalkGraphBuilder Square(string areaTags)
    {
        var b = new OsmWalkGraphBuilder();
        double x0 = 116.4, y0 = 39.9, d = 0.001;
        b.AddNode(1, x0, y0); b.AddNode(2, x0 + d, y0); b.AddNode(3, x0 + d, y0 + d); b.AddNode(4, x0, y0 + d);
        b.AddNode(5, x0 + d / 2, y0); b.AddNode(6, x0 + d, y0 + d / 2); b.AddNode(7, x0 + d / 2, y0 + d);
        b.AddNode(15, x0 + d / 2, y0 - d); b.AddNode(16, x0 + 2 * d, y0 + d / 2); b.AddNode(17, x0 + d / 2, y0 + 2 * d);
        b.AddWay(100, [1, 5, 2, 6, 3, 7, 4, 1], Tags(areaTags));
        b.AddWay(101, [15, 5], Tags("highway=footway"));
        b.AddWay(102, [16, 6], Tags("highway=footway"));
        b.AddWay(103, [17, 7], Tags("highway=footway"));
        return b;
    }

    [Fact]
    public void Build_CrossesAPedestrianAreaStraight_BetweenTheWaysThatMeetIt()
    {
        var b = Square("highway=pedestrian;area=yes");
        var crossings = b.Build().Where(e => e.Kind == "pedestrian_area").Select(e => (Math.Min(e.Source, e.Target), Math.Max(e.Source, e.Target))).ToList();
        // 5-7 straight across (south to north), 5-6 and 6-7 diagonally; all inside the square
        Assert.Equal([(5L, 6L), (5L, 7L), (6L, 7L)], crossings.Order());
        Assert.Equal(3, b.AreaCrossings);
    }

    [Fact]
    public void Build_WalksOnlyAroundAPedestrianRing_WhenItIsNotAnArea()
    {
        var b = Square("highway=pedestrian");
        Assert.DoesNotContain(b.Build(), e => e.Kind == "pedestrian_area");
    }

    [Fact]
    public void Build_DoesNotCrossOutsideAConcaveArea()
    {
        var b = new OsmWalkGraphBuilder();
        // an L-shaped square: from the end of one arm to the end of the other the straight line leaves it
        double x0 = 116.4, y0 = 39.9, d = 0.001;
        b.AddNode(1, x0, y0); b.AddNode(2, x0 + 2 * d, y0); b.AddNode(3, x0 + 2 * d, y0 + d); b.AddNode(4, x0 + d, y0 + d);
        b.AddNode(5, x0 + d, y0 + 2 * d); b.AddNode(6, x0, y0 + 2 * d);
        b.AddNode(12, x0 + 3 * d, y0 + d / 2); b.AddNode(13, x0 + 2 * d, y0 + d / 2);
        b.AddNode(16, x0 + d / 2, y0 + 3 * d); b.AddNode(15, x0 + d / 2, y0 + 2 * d);
        b.AddWay(100, [1, 2, 13, 3, 4, 5, 15, 6, 1], Tags("highway=pedestrian;area=yes"));
        b.AddWay(101, [12, 13], Tags("highway=footway"));
        b.AddWay(102, [16, 15], Tags("highway=footway"));
        b.Build();
        Assert.Equal(0, b.AreaCrossings);
    }

    [Fact]
    public void Build_MakesFootOnewayOneWay_AndLeavesCarOnewayTwoWay()
    {
        var b = Line(4);
        b.AddWay(100, [1, 2], Tags("highway=footway;oneway=yes"));
        b.AddWay(101, [2, 3], Tags("highway=residential;oneway=yes"));
        b.AddWay(102, [3, 4], Tags("highway=residential;oneway:foot=-1"));
        Assert.Equal([(1L, 2L, true), (2L, 3L, false), (4L, 3L, true)], b.Build().Select(e => (e.Source, e.Target, e.Oneway)));
    }
}
