using GridGIS.Core.Network;

namespace GridGIS.Core.Tests.Network;

public class NetworkConnectivityTests
{
    [Fact]
    public void Analyze_CountsComponentsDeadEndsAndTheLengthOutsideTheLargest()
    {
        // a triangle with a tail (0-1-2-0, 2-3) of 100 m edges, a separate 50 m piece (4-5), and an isolated node 6
        var x = new double[7]; var y = new double[7];
        var net = new WalkNetwork(x, y, [new(0, 1, 100), new(1, 2, 100), new(2, 0, 100), new(2, 3, 100, Oneway: true), new(4, 5, 50)]);
        var r = NetworkConnectivity.Analyze(net);
        Assert.Equal((6, 5, 450.0, 2, 3, 1), (r.Nodes, r.Edges, r.Metres, r.Components, r.DeadEnds, r.IsolatedNodes));
        Assert.Equal([new NetworkComponent(4, 4, 400, 0), new NetworkComponent(2, 1, 50, 4)], r.Largest);
        Assert.Equal(50.0 / 450, r.ShareOutsideLargest, 12);
    }

    [Fact]
    public void Analyze_GivesZeroComponents_ForAnEmptyNetwork()
    {
        var r = NetworkConnectivity.Analyze(new WalkNetwork([], [], []));
        Assert.Equal((0, 0, 0.0), (r.Components, r.Nodes, r.ShareOutsideLargest));
    }
}
