using GridGIS.Core.Network;

namespace GridGIS.Core.Tests.Network;

public class OsmWalkwaysTests
{
    private static Dictionary<string, string> Tags(string s) =>
        s.Split(';', StringSplitOptions.RemoveEmptyEntries).Select(kv => kv.Split('=')).ToDictionary(kv => kv[0], kv => kv[1]);

    [Theory]
    [InlineData("highway=footway", true)]
    [InlineData("highway=residential", true)]
    [InlineData("highway=steps", true)]
    [InlineData("highway=primary", true)]
    [InlineData("highway=motorway", false)]
    [InlineData("highway=trunk_link", false)]
    [InlineData("highway=trunk;sidewalk=both", true)]
    [InlineData("highway=motorway;foot=yes", true)]
    [InlineData("highway=residential;foot=no", false)]
    [InlineData("highway=service;access=private", false)]
    [InlineData("highway=service;access=private;foot=yes", true)]
    [InlineData("highway=construction", false)]
    [InlineData("highway=footway;footway=sidewalk", true)]
    [InlineData("highway=footway;footway=crossing", true)]
    [InlineData("highway=footway;footway=crossing;crossing=no", false)]
    [InlineData("highway=steps;incline=up", true)]
    [InlineData("highway=trunk;sidewalk=separate", false)]
    [InlineData("highway=motorway_link;sidewalk=no", false)]
    [InlineData("highway=primary;sidewalk=no", true)]
    [InlineData("highway=path;foot=designated;access=no", true)]
    [InlineData("highway=residential;access=no;foot=permissive", true)]
    [InlineData("highway=service;access=no", false)]
    [InlineData("highway=pedestrian;area=yes", true)]
    [InlineData("building=yes", false)]
    public void IsWalkable_FollowsTheRules(string tags, bool expected) => Assert.Equal(expected, OsmWalkways.IsWalkable(Tags(tags)));

    [Theory]
    [InlineData("highway=residential;oneway=yes", 0)]
    [InlineData("highway=primary;oneway=-1", 0)]
    [InlineData("highway=footway;oneway=yes", 1)]
    [InlineData("highway=steps;oneway=-1", -1)]
    [InlineData("highway=residential;oneway:foot=yes", 1)]
    [InlineData("highway=footway", 0)]
    [InlineData("highway=secondary;oneway=yes;oneway:foot=no", 0)]
    [InlineData("highway=path;oneway=yes;oneway:foot=no", 0)]
    public void Direction_IgnoresVehicleOneway_ButHonoursFootOneway(string tags, int expected) =>
        Assert.Equal(expected, OsmWalkways.Direction(Tags(tags)));

    private static OsmWalkGraphBuilder Builder()
    {
        var b = new OsmWalkGraphBuilder();
        for (var i = 1; i <= 9; i++) b.AddNode(i, 116.4 + i * 0.001, 39.9);
        return b;
    }

    [Fact]
    public void Build_SplitsWaysAtSharedNodes()
    {
        var b = Builder();
        b.AddWay(100, [1, 2, 3, 4, 5], Tags("highway=residential"));
        b.AddWay(101, [3, 6, 7], Tags("highway=footway"));
        b.AddWay(102, [7, 8], Tags("highway=motorway"));
        var edges = b.Build();
        Assert.Equal([(1L, 3L, 3), (3L, 5L, 3), (3L, 7L, 3)], edges.Select(e => (e.Source, e.Target, e.Coordinates.Length)));
        Assert.Equal(2, b.WaysKept);
        Assert.Equal(3, b.WaysSeen);
    }

    [Fact]
    public void Build_BreaksWayAtNodeMissingFromExtract()
    {
        var b = Builder();
        b.AddWay(100, [1, 2, 99, 4, 5], Tags("highway=path"));
        Assert.Equal([(1L, 2L), (4L, 5L)], b.Build().Select(e => (e.Source, e.Target)));
    }

    [Fact]
    public void Build_TurnsReverseOnewayRound()
    {
        var b = Builder();
        b.AddWay(100, [1, 2, 3], Tags("highway=footway;oneway=-1"));
        var e = Assert.Single(b.Build());
        Assert.Equal((3L, 1L, true), (e.Source, e.Target, e.Oneway));
    }

    [Fact]
    public void Build_SplitsLoopAtItsRepeatedNode()
    {
        var b = Builder();
        b.AddWay(100, [1, 2, 3, 4, 2, 5], Tags("highway=footway"));
        Assert.Equal([(1L, 2L), (2L, 2L), (2L, 5L)], b.Build().Select(e => (e.Source, e.Target)));
    }

    [Theory]
    [InlineData("barrier=gate", false)]
    [InlineData("barrier=gate;access=yes", false)]
    [InlineData("barrier=gate;access=private", true)]
    [InlineData("barrier=lift_gate;access=no", true)]
    [InlineData("barrier=gate;access=private;foot=yes", false)]
    [InlineData("barrier=bollard", false)]
    [InlineData("barrier=turnstile;foot=no", true)]
    [InlineData("barrier=fence", true)]
    [InlineData("highway=crossing", false)]
    [InlineData("access=private", false)]
    public void BlocksPassage_FollowsBarrierAndAccess(string tags, bool expected) => Assert.Equal(expected, OsmWalkways.BlocksPassage(Tags(tags)));

    [Theory]
    [InlineData("highway=footway", 0)]
    [InlineData("highway=footway;bridge=yes", 1)]
    [InlineData("highway=footway;bridge=yes;layer=2", 2)]
    [InlineData("highway=footway;tunnel=yes", -1)]
    [InlineData("highway=footway;tunnel=yes;layer=-2", -2)]
    [InlineData("highway=footway;bridge=no;layer=1", 0)]
    [InlineData("highway=footway;layer=-1", 0)]
    public void Level_IsABridgesOrTunnelsLayer(string tags, int expected) => Assert.Equal(expected, OsmWalkways.Level(Tags(tags)));
}
