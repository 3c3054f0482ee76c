using GridGIS.Bench.Network;
using GridGIS.Core.Network;
using static GridGIS.Core.Tests.Network.NetworkTestKit;

namespace GridGIS.Core.Tests.Network;

public class ShortestPathTreeTests
{
    /// <summary>
    /// The benchmark's bucket-queue pass (tools/GridGIS.Bench) against the engine's heap Dijkstra from the same seeds: every
    /// distance equal to the last bit, every label a seed whose start plus the path gives that distance.
    /// </summary>
    private static void CheckBucketsEqualHeap(WalkNetwork net, (int Node, double Metres)[] seeds, double limit)
    {
        var heap = new ShortestPathTree(net);
        var buckets = new BucketQueuePass(net);
        for (var i = 0; i < seeds.Length; i++)
        {
            heap.Seed(seeds[i].Node, seeds[i].Metres, i, limit);
            buckets.Seed(seeds[i].Node, seeds[i].Metres, i, limit);
        }
        heap.Run(limit);
        buckets.Run(limit);
        for (var n = 0; n < net.NodeCount; n++)
        {
            Assert.Equal(heap.Distance[n], buckets.Distance[n]);
            if (double.IsPositiveInfinity(buckets.Distance[n])) { Assert.Equal(-1, buckets.Label[n]); continue; }
            var single = new ShortestPathTree(net);
            single.Seed(seeds[buckets.Label[n]].Node, seeds[buckets.Label[n]].Metres, 0, limit);
            single.Run(limit);
            Assert.Equal(buckets.Distance[n], single.Distance[n]);
        }
    }

    [Theory]
    [InlineData(1, double.PositiveInfinity)]
    [InlineData(2, double.PositiveInfinity)]
    [InlineData(3, 900)]
    public void Run_BucketsEqualHeap_OnRandomNetworks(int seed, double limit)
    {
        var net = RandomGrid(30, seed, onewayShare: 0.1);
        var rnd = new Random(seed);
        // seeds far apart in metres too (more than the bucket ring spans), some on the same node
        var seeds = Enumerable.Range(0, 12).Select(_ => (rnd.Next(net.NodeCount), rnd.NextDouble() * 2000)).Append((0, 5.0)).Append((0, 1.0)).ToArray();
        CheckBucketsEqualHeap(net, seeds, limit);
    }

    [Fact]
    public void Run_BucketsEqualHeap_WhenEdgesAreZeroOrMuchShorterThanOthers() =>
        // zero-length and 0.1 m edges next to a 3 km one: buckets (>= 0.5 m wide) hold nodes that improve one another
        CheckBucketsEqualHeap(Net("LINESTRING(0 0, 0.1 0)", "LINESTRING(0.1 0, 0.1 0)", "LINESTRING(0.1 0, 0.3 0)",
                "LINESTRING(0.3 0, 0.3 0.2, 0 0)", "LINESTRING(0.3 0, 3000 0)", ">LINESTRING(3000 0, 3000 0.4)", "LINESTRING(3000 0.4, 0.1 0)"),
            [(0, 0.25), (4, 0.0)], double.PositiveInfinity);
}
