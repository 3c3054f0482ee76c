using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace GridGIS.Core.Demo;

/// <summary>What <see cref="DemoRealNetwork.Apply"/> did.</summary>
/// <param name="GeneratedEdgesRemoved">generated edges with an end inside the area, taken out</param>
/// <param name="RealEdges">straight segments of the real (OSM) network put in</param>
/// <param name="RealPiecesLeftOut">segments of real pieces not joined to the extract's largest piece inside the area, left out</param>
/// <param name="SeamEdges">straight connectors from the generated network's cut ends to the nearest real node</param>
public sealed record DemoRealNetworkResult(DemoDataset Dataset, int GeneratedEdgesRemoved, int RealEdges, int RealPiecesLeftOut, int SeamEdges);

/// <summary>
/// Real roads in the demo: inside an area that an OpenStreetMap extract covers (e.g. central Wangjing), the generated
/// walking network gives way to the extract's. Generated edges with an end inside the area go; the extract's ways come in
/// as straight segments between their vertices, those with both vertices inside (its largest connected piece there, so no
/// household snaps to an island), kind <c>osm:&lt;highway&gt;</c>; every generated node outside the area that
/// lost an edge is joined to the nearest real node within <see cref="MaxSeamMetres"/> by a straight edge of kind
/// <c>seam</c>. Lengths are measured in the city's metric CRS like the generated ones, so distances stay consistent
/// across the seam. One-way footways of the extract become two-way (the demo's edges have no direction). Households
/// and facilities are untouched: they snap to whichever edge is nearest. An extract with no edge inside the area leaves the demo as generated.
/// </summary>
public static class DemoRealNetwork
{
    /// <summary>The longest connector across the seam, metres.</summary>
    public const double MaxSeamMetres = 250;

    /// <param name="data">the generated demo</param>
    /// <param name="osm">the extract's walking edges (<see cref="OsmWalkGraphBuilder.Build"/>), WGS84</param>
    /// <param name="area">where the real network replaces the generated one, WGS84 (e.g. the street's polygon within the extract's bounds)</param>
    /// <param name="projection">the city's metric CRS</param>
    public static DemoRealNetworkResult Apply(DemoDataset data, IReadOnlyList<OsmWalkEdge> osm, Geometry area, LocalProjection projection)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(osm);
        ArgumentNullException.ThrowIfNull(area);
        ArgumentNullException.ThrowIfNull(projection);
        var inside = PreparedGeometryFactory.Prepare(projection.Forward(area));
        var factory = new GeometryFactory();
        bool Inside(double lon, double lat) { var (x, y) = projection.Forward(lon, lat); return inside.Covers(factory.CreatePoint(new Coordinate(x, y))); }

        // the generated network outside the area, and its cut ends
        var gen = data.Nodes.Select(n => Inside(n.Lon, n.Lat)).ToArray();
        var edges = new List<(int A, int B, double Metres, string Kind)>();
        var cutEnds = new HashSet<int>();
        var removed = 0;
        foreach (var e in data.Edges)
        {
            if (!gen[e.Source] && !gen[e.Target]) { edges.Add((e.Source, e.Target, e.LengthM, e.Kind)); continue; }
            removed++;
            if (!gen[e.Source]) cutEnds.Add(e.Source);
            if (!gen[e.Target]) cutEnds.Add(e.Target);
        }

        // the real network inside: vertices become nodes after the generated ones
        var lon = data.Nodes.Select(n => n.Lon).ToList();
        var lat = data.Nodes.Select(n => n.Lat).ToList();
        var ends = new Dictionary<long, int>();
        var segments = new List<(int A, int B, string Kind)>();
        int Node((double Lon, double Lat) c) { lon.Add(c.Lon); lat.Add(c.Lat); return lon.Count - 1; }
        foreach (var e in osm)
        {
            // vertex by vertex: the segments with both vertices inside (a way that crosses the edge of the area keeps its inside part)
            var c = e.Coordinates;
            var at = new int[c.Length];
            Array.Fill(at, -1);
            int Vertex(int i)
            {
                if (at[i] >= 0) return at[i];
                long? key = i == 0 ? e.Source : i == c.Length - 1 ? e.Target : null;
                if (key is { } k && ends.TryGetValue(k, out var known)) return at[i] = known;
                at[i] = Node(c[i]);
                if (key is { } k2) ends[k2] = at[i];
                return at[i];
            }
            var isInside = c.Select(p => Inside(p.Lon, p.Lat)).ToArray();
            for (var i = 1; i < c.Length; i++)
                if (isInside[i - 1] && isInside[i]) segments.Add((Vertex(i - 1), Vertex(i), "osm:" + e.Kind));
        }
        var (xs, ys) = (new double[lon.Count], new double[lon.Count]);
        for (var i = 0; i < xs.Length; i++) (xs[i], ys[i]) = projection.Forward(lon[i], lat[i]);
        double Metres(int a, int b) => Math.Sqrt((xs[a] - xs[b]) * (xs[a] - xs[b]) + (ys[a] - ys[b]) * (ys[a] - ys[b]));

        // its largest piece only
        var real = new WalkNetwork(xs, ys, segments.Select(s => new WalkEdge(s.A, s.B, Metres(s.A, s.B))).ToArray());
        var piece = Pieces(real);
        var largest = segments.Count == 0 ? -1 : segments.GroupBy(s => piece[s.A]).MaxBy(g => g.Sum(s => Metres(s.A, s.B)))!.Key;
        var kept = segments.Where(s => piece[s.A] == largest).ToList();
        if (kept.Count == 0) return new DemoRealNetworkResult(data, 0, 0, 0, 0);          // nothing real inside: the demo as generated
        foreach (var s in kept) edges.Add((s.A, s.B, Metres(s.A, s.B), s.Kind));

        // the seam
        var index = new NodeGridIndex(xs, ys, 100);
        foreach (var n in kept.SelectMany(s => new[] { s.A, s.B }).Distinct()) index.Add(n);
        var seams = 0;
        foreach (var n in cutEnds.Order())
        {
            var (near, d) = index.Nearest(xs[n], ys[n]);
            if (near < 0 || d > MaxSeamMetres) continue;
            edges.Add((n, near, d, "seam"));
            seams++;
        }

        // renumber: nodes without edges go
        var used = new int[lon.Count];
        Array.Fill(used, -1);
        var nodes = new List<DemoWalkNode>();
        foreach (var (a, b, _, _) in edges)
            foreach (var n in new[] { a, b })
                if (used[n] < 0) { used[n] = -2; }
        for (var i = 0; i < used.Length; i++)
            if (used[i] == -2) { used[i] = nodes.Count; nodes.Add(new DemoWalkNode(lon[i], lat[i])); }
        var result = data with
        {
            Nodes = nodes,
            Edges = edges.Select(e => new DemoWalkEdge(used[e.A], used[e.B], e.Metres, e.Kind)).ToList(),
        };
        return new DemoRealNetworkResult(result, removed, kept.Count, segments.Count - kept.Count, seams);
    }

    /// <summary>Per node, the lowest node of its connected piece.</summary>
    private static int[] Pieces(WalkNetwork network)
    {
        var parent = Enumerable.Range(0, network.NodeCount).ToArray();
        int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
        for (var e = 0; e < network.EdgeCount; e++)
        {
            int a = Find(network.EdgeSource(e)), b = Find(network.EdgeTarget(e));
            if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b);
        }
        for (var i = 0; i < parent.Length; i++) parent[i] = Find(i);
        return parent;
    }
}
