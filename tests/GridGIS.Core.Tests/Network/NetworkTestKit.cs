using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Network;

/// <summary>Small helpers: networks from WKT lines, a random grid network, a plain reference Dijkstra.</summary>
public static class NetworkTestKit
{
    private static readonly WKTReader Reader = new();

    /// <summary>Network from WKT LINESTRINGs in metres; a leading '>' marks a one-way line.</summary>
    public static WalkNetwork Net(params string[] wkt) =>
        WalkNetwork.FromLines(wkt.Select(w => (LineString)Reader.Read(w.TrimStart('>'))), wkt.Select(w => w.StartsWith('>')));

    public static int NodeAt(WalkNetwork net, double x, double y)
    {
        for (var n = 0; n < net.NodeCount; n++) if (net.NodeX(n) == x && net.NodeY(n) == y) return n;
        throw new InvalidOperationException($"no node at {x} {y}");
    }

    /// <summary>
    /// Points snapped to a <see cref="RandomGrid"/>: <paramref name="random"/> anywhere in its first
    /// <paramref name="extent"/> metres, <paramref name="atNodes"/> exactly at nodes (the ends of one-way edges among
    /// them), and last one far off the network.
    /// </summary>
    public static SnappedPoint[] RandomPoints(WalkNetwork net, int seed, int random, int atNodes, double extent)
    {
        var rnd = new Random(seed);
        var snapper = new NetworkSnapper(net);
        return Enumerable.Range(0, random).Select(_ => snapper.Snap(500_000 + rnd.NextDouble() * extent, 4_400_000 + rnd.NextDouble() * extent))
            .Concat(Enumerable.Range(0, atNodes).Select(_ => rnd.Next(net.NodeCount)).Select(n => snapper.Snap(net.NodeX(n), net.NodeY(n))))
            .Append(snapper.Snap(0, 0)).ToArray();
    }

    /// <summary>A jittered grid of side x side nodes, spacing ~100 m, some edges dropped, some one-way, some bent.</summary>
    public static WalkNetwork RandomGrid(int side, int seed, double onewayShare = 0.05)
    {
        var rnd = new Random(seed);
        var xs = new double[side * side]; var ys = new double[side * side];
        for (var i = 0; i < side; i++) for (var j = 0; j < side; j++)
        {
            xs[i * side + j] = 500_000 + j * 100 + rnd.NextDouble() * 30;
            ys[i * side + j] = 4_400_000 + i * 100 + rnd.NextDouble() * 30;
        }
        var edges = new List<WalkEdge>();
        void Add(int a, int b)
        {
            if (rnd.NextDouble() < 0.1) return;
            var straight = Math.Sqrt((xs[a] - xs[b]) * (xs[a] - xs[b]) + (ys[a] - ys[b]) * (ys[a] - ys[b]));
            Coordinate[]? geom = null;
            var len = straight;
            if (rnd.NextDouble() < 0.3)
            {
                var mid = new Coordinate((xs[a] + xs[b]) / 2 + rnd.NextDouble() * 20 - 10, (ys[a] + ys[b]) / 2 + rnd.NextDouble() * 20 - 10);
                geom = [new Coordinate(xs[a], ys[a]), mid, new Coordinate(xs[b], ys[b])];
                len = new LineString(geom).Length;
            }
            edges.Add(new WalkEdge(a, b, len, rnd.NextDouble() < onewayShare, geom));
        }
        for (var i = 0; i < side; i++) for (var j = 0; j < side; j++)
        {
            if (j + 1 < side) Add(i * side + j, i * side + j + 1);
            if (i + 1 < side) Add(i * side + j, (i + 1) * side + j);
        }
        return new WalkNetwork(xs, ys, edges);
    }

    /// <summary>Reference: Bellman-Ford style relaxation over the edge list, from start distances per node.</summary>
    public static double[] ReferenceDistances(WalkNetwork net, IEnumerable<(int Node, double Metres)> starts)
    {
        var d = Enumerable.Repeat(double.PositiveInfinity, net.NodeCount).ToArray();
        foreach (var (n, m) in starts) d[n] = Math.Min(d[n], m);
        for (var changed = true; changed;)
        {
            changed = false;
            for (var e = 0; e < net.EdgeCount; e++)
            {
                int s = net.EdgeSource(e), t = net.EdgeTarget(e);
                var l = net.EdgeLength(e);
                if (d[s] + l < d[t]) { d[t] = d[s] + l; changed = true; }
                if (!net.EdgeOneway(e) && d[t] + l < d[s]) { d[s] = d[t] + l; changed = true; }
            }
        }
        return d;
    }
}
