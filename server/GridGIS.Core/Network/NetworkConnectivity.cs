namespace GridGIS.Core.Network;

/// <summary>A connected piece of the walking network (edges taken both ways).</summary>
/// <param name="Nodes">nodes in it, &gt;= 2 unless it is a loop on one node</param>
/// <param name="Edges">edges in it</param>
/// <param name="Metres">their total walking length, metres</param>
/// <param name="SampleNode">one of its nodes (the lowest index), to show where it lies</param>
public sealed record NetworkComponent(int Nodes, int Edges, double Metres, int SampleNode);

/// <summary>How well a walking network hangs together.</summary>
/// <param name="Nodes">nodes with at least one edge</param>
/// <param name="Edges">edges</param>
/// <param name="Metres">total walking length, metres</param>
/// <param name="Components">connected pieces (edges taken both ways); 1 for a network where every node reaches every other</param>
/// <param name="Largest">the largest pieces by length, largest first (at most the number asked for)</param>
/// <param name="DeadEnds">nodes with exactly one edge</param>
/// <param name="IsolatedNodes">nodes without any edge (not counted in <paramref name="Nodes"/>)</param>
/// <param name="ShareOutsideLargest">fraction 0..1 of the length outside the largest piece: walks from there cannot reach it</param>
public sealed record ConnectivityReport(int Nodes, int Edges, double Metres, int Components, IReadOnlyList<NetworkComponent> Largest,
    int DeadEnds, int IsolatedNodes, double ShareOutsideLargest);

/// <summary>
/// Connected components, dead ends and the share of length that the largest component leaves out, for a walking
/// network (union-find over the edges, taken both ways: one-way edges count as connections). An empty network gives
/// zero components and a share of 0.
/// </summary>
public static class NetworkConnectivity
{
    /// <param name="network">the network</param>
    /// <param name="listed">how many of the largest components to list, 1..1000</param>
    public static ConnectivityReport Analyze(WalkNetwork network, int listed = 10)
    {
        ArgumentNullException.ThrowIfNull(network);
        if (listed is < 1 or > 1000) throw new ArgumentOutOfRangeException(nameof(listed), listed, "must be 1..1000");
        var n = network.NodeCount;
        var parent = new int[n];
        for (var i = 0; i < n; i++) parent[i] = i;
        var degree = new int[n];
        for (var e = 0; e < network.EdgeCount; e++)
        {
            int a = network.EdgeSource(e), b = network.EdgeTarget(e);
            degree[a]++; degree[b]++;
            int ra = Find(parent, a), rb = Find(parent, b);
            if (ra != rb) parent[Math.Max(ra, rb)] = Math.Min(ra, rb);      // the root is the piece's lowest node
        }
        var byRoot = new Dictionary<int, (int Nodes, int Edges, double Metres)>();
        int nodes = 0, deadEnds = 0, isolated = 0;
        for (var i = 0; i < n; i++)
        {
            if (degree[i] == 0) { isolated++; continue; }
            nodes++;
            if (degree[i] == 1) deadEnds++;
            var r = Find(parent, i);
            var c = byRoot.GetValueOrDefault(r);
            byRoot[r] = (c.Nodes + 1, c.Edges, c.Metres);
        }
        var total = 0.0;
        for (var e = 0; e < network.EdgeCount; e++)
        {
            var r = Find(parent, network.EdgeSource(e));
            var c = byRoot[r];
            byRoot[r] = (c.Nodes, c.Edges + 1, c.Metres + network.EdgeLength(e));
            total += network.EdgeLength(e);
        }
        var pieces = byRoot.Select(kv => new NetworkComponent(kv.Value.Nodes, kv.Value.Edges, kv.Value.Metres, kv.Key))
            .OrderByDescending(c => c.Metres).ThenBy(c => c.SampleNode).ToList();
        var outside = pieces.Count == 0 || total <= 0 ? 0 : Math.Clamp((total - pieces[0].Metres) / total, 0, 1);
        return new ConnectivityReport(nodes, network.EdgeCount, total, pieces.Count, pieces.Take(listed).ToArray(), deadEnds, isolated, outside);
    }

    private static int Find(int[] parent, int x)
    {
        while (parent[x] != x) { parent[x] = parent[parent[x]]; x = parent[x]; }
        return x;
    }
}
