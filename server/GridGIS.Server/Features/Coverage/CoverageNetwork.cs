using System.Collections.Concurrent;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Coverage;

/// <summary>
/// The walking network of network-mode runs, in local metres, with every household and every residential
/// cell centre snapped once (nearest point on the nearest edge, at most 300 m away; farther ones are off
/// network and reach nothing). Loaded with two binary COPYs (LoadWalkNodes.sql, LoadWalkEdges.sql), read
/// synchronously, projected and snapped in parallel. Kept between runs of the same network and data version.
/// </summary>
internal sealed class CoverageNetwork(WalkNetwork network, NetworkSnapper snapper, EdgePointIndex points, int households,
    int householdsOffNetwork)
{
    private readonly ConcurrentBag<NetworkReach> _engines = [];

    public WalkNetwork Network { get; } = network;
    public NetworkSnapper Snapper { get; } = snapper;
    /// <summary>
    /// The households, snapped, in the order of the run's household array, then the centres of
    /// <see cref="CoverageBase.ResidentialCells"/>, snapped, in their order: one index, so that each facility's search
    /// finds both at once (<see cref="NetworkReach.MarkServed"/>).
    /// </summary>
    public EdgePointIndex Points { get; } = points;

    /// <summary>How many of <see cref="Points"/> are households (the rest are cell centres).</summary>
    public int Households { get; } = households;

    public int HouseholdsOffNetwork { get; } = householdsOffNetwork;

    /// <summary>A search engine for one part at a time (its arrays are reused by the next part on any thread); give it back with <see cref="Return"/>.</summary>
    public NetworkReach Rent() => _engines.TryTake(out var e) ? e : new NetworkReach(Points, Households);

    public void Return(NetworkReach engine) => _engines.Add(engine);

    /// <summary>The walking network (two binary COPYs on a connection of its own), projected; null when no edge is loaded.</summary>
    public static async Task<WalkNetwork?> ReadAsync(NpgsqlDataSource db, LocalProjection projection, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var (nodeIds, nodeLon, nodeLat) = ReadNodes(conn);
        var raw = ReadEdges(conn);
        if (raw.Count == 0) return null;
        var (xs, ys) = CoverageInputLoader.ProjectAll(nodeLon, nodeLat, projection);
        // Nodes renumbered in the spatial order of the households (CoverageInputLoader.SpatialOrder), and the edges
        // by their renumbered ends: a search's nodes, arcs, edges and the households on them then lie in few
        // stretches of memory instead of wherever the database's ids put them.
        var rank = SpatialRanks(xs, ys);
        var (sx, sy) = (new double[xs.Length], new double[ys.Length]);
        for (var i = 0; i < rank.Length; i++) { sx[rank[i]] = xs[i]; sy[rank[i]] = ys[i]; }
        (xs, ys) = (sx, sy);
        var index = new Dictionary<long, int>(nodeIds.Count);
        for (var i = 0; i < nodeIds.Count; i++) index[nodeIds[i]] = rank[i];
        var ends = new (int Source, int Target)[raw.Count];
        var order = new long[raw.Count];
        for (var e = 0; e < order.Length; e++)
        {
            ends[e] = (index[raw[e].Source], index[raw[e].Target]);
            order[e] = (long)Math.Min(ends[e].Source, ends[e].Target) << 32 | (uint)e;     // by the nearer end, then the database order
        }
        Array.Sort(order);
        var edges = new WalkEdge[raw.Count];
        const int chunk = 1 << 13;
        Parallel.For(0, (raw.Count + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var wkb = new WKBReader();
            for (int e = k * chunk, end = Math.Min(raw.Count, e + chunk); e < end; e++)
            {
                var from = (int)(uint)order[e];
                var (_, _, length, oneway, bytes) = raw[from];
                var (s, t) = ends[from];
                Coordinate[]? coords = null;                              // null: the straight segment between the ends
                if (bytes is not null)
                {
                    var line = wkb.Read(bytes).Coordinates;
                    coords = new Coordinate[line.Length];
                    for (var i = 0; i < line.Length; i++) { var (x, y) = projection.Forward(line[i].X, line[i].Y); coords[i] = new Coordinate(x, y); }
                    // Lines drawn target -> source are turned round: the engine reads them source -> target.
                    if (Dist2(coords[0], xs[t], ys[t]) < Dist2(coords[0], xs[s], ys[s])) Array.Reverse(coords);
                }
                edges[e] = new WalkEdge(s, t, length, oneway, coords);
            }
        });
        return new WalkNetwork(xs, ys, edges);
    }

    /// <summary>Snaps the households and the residential cell centres to a network from <see cref="ReadAsync"/>; null without one.</summary>
    public static CoverageNetwork? Snap(WalkNetwork? network, CoverageHousehold[] households, CellLattice lattice, int[] residentialCells, Action<string> phase)
    {
        if (network is null) return null;
        var snapper = new NetworkSnapper(network);
        phase("network_wait");
        var snapped = snapper.SnapAll(households.Select(h => h.X).ToArray(), households.Select(h => h.Y).ToArray());
        phase("snap_households");
        var centres = snapper.SnapAll(residentialCells.Select(c => lattice.CentreX(c % lattice.Columns)).ToArray(),
            residentialCells.Select(c => lattice.CentreY(c / lattice.Columns)).ToArray());
        phase("snap_cells");
        var points = new EdgePointIndex(network, [.. snapped, .. centres]);
        phase("index");
        return new CoverageNetwork(network, snapper, points, snapped.Length, snapped.Count(p => p.IsOffNetwork));
    }

    private static (List<long> Ids, List<double> Lon, List<double> Lat) ReadNodes(NpgsqlConnection conn)
    {
        var (ids, lon, lat) = (new List<long>(1 << 16), new List<double>(1 << 16), new List<double>(1 << 16));
        using var r = conn.BeginBinaryExport(CoverageInputLoader.Copy("Features/Coverage/LoadWalkNodes.sql"));
        while (r.StartRow() != -1)
        {
            ids.Add(r.Read<long>(NpgsqlDbType.Bigint));
            lon.Add(r.Read<double>(NpgsqlDbType.Double));
            lat.Add(r.Read<double>(NpgsqlDbType.Double));
        }
        return (ids, lon, lat);
    }

    /// <summary>The edges: ends (node ids), metres, one-way, and the WKB line only when it bends (more than two points).</summary>
    private static List<(long Source, long Target, double Length, bool Oneway, byte[]? Wkb)> ReadEdges(NpgsqlConnection conn)
    {
        var edges = new List<(long, long, double, bool, byte[]?)>(1 << 16);
        using var r = conn.BeginBinaryExport(CoverageInputLoader.Copy("Features/Coverage/LoadWalkEdges.sql"));
        while (r.StartRow() != -1)
        {
            var (source, target, length, oneway) = (r.Read<long>(NpgsqlDbType.Bigint), r.Read<long>(NpgsqlDbType.Bigint),
                r.Read<double>(NpgsqlDbType.Double), r.Read<bool>(NpgsqlDbType.Boolean));
            byte[]? wkb = null;
            if (r.IsNull) r.Skip();
            else wkb = r.Read<byte[]>(NpgsqlDbType.Bytea);
            edges.Add((source, target, length, oneway, wkb));
        }
        return edges;
    }

    /// <summary>Each node's place in the Morton (Z-order) order of its 64 m tile, the given order within a tile.</summary>
    private static int[] SpatialRanks(double[] xs, double[] ys)
    {
        var keys = new ulong[xs.Length];
        var nodes = new int[xs.Length];
        if (xs.Length == 0) return nodes;
        double minX = xs.Min(), minY = ys.Min();
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = CoverageInputLoader.MortonKey(xs[i] - minX, ys[i] - minY) << 32 | (uint)i;
            nodes[i] = i;
        }
        Array.Sort(keys, nodes);
        var rank = new int[xs.Length];
        for (var r = 0; r < nodes.Length; r++) rank[nodes[r]] = r;
        return rank;
    }

    private static double Dist2(Coordinate c, double x, double y) => (c.X - x) * (c.X - x) + (c.Y - y) * (c.Y - y);
}
