using GridGIS.Core.Network;
using static GridGIS.Core.Tests.Network.NetworkTestKit;

namespace GridGIS.Core.Tests.Network;

public class EdgePointIndexTests
{
    [Fact]
    public void OnEdge_HoldsEachEdgesPointsInTheirOrder_AndLeavesOffNetworkPointsOut()
    {
        var net = RandomGrid(10, 3, onewayShare: 0.2);
        var rnd = new Random(3);
        var snapper = new NetworkSnapper(net);
        var points = Enumerable.Range(0, 800).Select(_ => snapper.Snap(500_000 + rnd.NextDouble() * 950, 4_400_000 + rnd.NextDouble() * 950))
            .Append(snapper.Snap(0, 0)).ToArray();
        var index = new EdgePointIndex(net, points);
        for (var e = 0; e < net.EdgeCount; e++)
            Assert.Equal(Enumerable.Range(0, points.Length).Where(i => points[i].Edge == e), index.OnEdge(e).ToArray());
        Assert.Equal(points.Length - 1, Enumerable.Range(0, net.EdgeCount).Sum(e => index.OnEdge(e).Length));
    }
}
