using System.Data;
using GridGIS.Core.Coverage;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Network;

/// <summary>
/// The walking network as loaded into memory (local metres of <paramref name="Projection"/>, the city profile's), with its
/// snapper, the database ids of its nodes and edges (index = engine index) and the version it was read at
/// (<see cref="WalkNetworkStore.VersionAsync"/>).
/// </summary>
internal sealed record StoredNetwork(WalkNetwork Network, NetworkSnapper Snapper, long[] NodeIds, long[] EdgeIds, string Version, LocalProjection Projection)
{
    public bool IsEmpty => Network.EdgeCount == 0;

    /// <summary>Snaps a WGS84 point (lon/lat degrees).</summary>
    public SnappedPoint Snap(double lon, double lat)
    {
        var (x, y) = Projection.Forward(lon, lat);
        return Snapper.Snap(x, y);
    }
}

/// <summary>
/// The one in-memory walking network of a process, for service areas, <c>/nearest</c> and coverage runs alike.
/// Loaded with two binary COPYs in one snapshot with its version (LoadWalkNodes.sql, LoadWalkEdges.sql,
/// GetNetworkVersion.sql), read synchronously off the request thread, edges projected in parallel, nodes renumbered
/// in spatial order (<see cref="SpatialOrder.Ranks"/>) and edges by their renumbered ends, so that a search's nodes,
/// arcs, edges and the points on them lie in few stretches of memory. Kept until the database's change counters of
/// walk_node and walk_edge (migration 0011) move: every <see cref="GetAsync"/> reads them (one small row per table)
/// and reloads only when they differ, so every process serves the network the database holds. Singleton; thread-safe.
/// </summary>
internal sealed class WalkNetworkStore(NpgsqlDataSource db, CityProfile city)
{
    /// <summary>The city's metric projection, the one the network is loaded in.</summary>
    public LocalProjection Projection => city.Projection;

    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile StoredNetwork? _current;

    /// <summary>The network as the database holds it now (loaded when its version moved since the last load).</summary>
    public async Task<StoredNetwork> GetAsync(CancellationToken ct = default)
    {
        var version = await VersionAsync(db, ct);
        var current = _current;
        if (current is not null && current.Version == version) return current;
        await _lock.WaitAsync(ct);
        try
        {
            if (_current is { } c && c.Version == version) return c;
            _current = null;                                  // let the old arrays go before the new ones are read
            _current = await Task.Run(() => LoadAsync(db, city.Projection, ct), ct);
            return _current;
        }
        finally { _lock.Release(); }
    }

    /// <summary>The walking network's version: its tables' change counters, e.g. <c>walk_edge=3;walk_node=2</c>.</summary>
    public static async Task<string> VersionAsync(NpgsqlDataSource db, CancellationToken ct)
    {
        try
        {
            await using var cmd = db.CreateCommand(Sql.Get("Features/Network/GetNetworkVersion.sql"));
            return (string?)await cmd.ExecuteScalarAsync(ct) ?? "";
        }
        catch (NpgsqlException e) { throw new InvalidOperationException($"reading the walking network's version (data_change): {e.Message}", e); }
    }

    /// <summary>Reads the whole network and its version in one snapshot and builds the engine's arrays.</summary>
    public static async Task<StoredNetwork> LoadAsync(NpgsqlDataSource db, LocalProjection projection, CancellationToken ct = default)
    {
        List<long> nodeIds;
        List<double> lon, lat;
        List<RawEdge> raw;
        string version;
        try
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
            await using (var cmd = new NpgsqlCommand(Sql.Get("Features/Network/GetNetworkVersion.sql"), conn, tx))
                version = (string?)await cmd.ExecuteScalarAsync(ct) ?? "";
            (nodeIds, lon, lat) = ReadNodes(conn, ct);
            raw = ReadEdges(conn, ct);
            await tx.CommitAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"loading the walking network (walk_node, walk_edge): {e.Message}", e);
        }
        return Build(nodeIds, lon, lat, raw, version, projection);
    }

    private readonly record struct RawEdge(long Id, long Source, long Target, double Length, bool Oneway, byte[]? Wkb);

    private static StoredNetwork Build(List<long> nodeIds, List<double> lon, List<double> lat, List<RawEdge> raw, string version, LocalProjection projection)
    {
        var (xs, ys) = BulkProjection.Forward(projection, lon, lat);
        var rank = SpatialOrder.Ranks(xs, ys);
        var (sx, sy) = (new double[xs.Length], new double[ys.Length]);
        var ids = new long[nodeIds.Count];
        for (var i = 0; i < rank.Length; i++) { sx[rank[i]] = xs[i]; sy[rank[i]] = ys[i]; ids[rank[i]] = nodeIds[i]; }
        var index = new Dictionary<long, int>(nodeIds.Count);
        for (var i = 0; i < nodeIds.Count; i++) index[nodeIds[i]] = rank[i];
        var ends = new (int Source, int Target)[raw.Count];
        var order = new long[raw.Count];
        for (var e = 0; e < order.Length; e++)
        {
            ends[e] = (Node(raw[e].Source, raw[e].Id), Node(raw[e].Target, raw[e].Id));
            order[e] = (long)Math.Min(ends[e].Source, ends[e].Target) << 32 | (uint)e;     // by the nearer end, then the database order
        }
        Array.Sort(order);
        var edges = new WalkEdge[raw.Count];
        var edgeIds = new long[raw.Count];
        const int chunk = 1 << 13;
        Parallel.For(0, (raw.Count + chunk - 1) / chunk, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, k =>
        {
            var wkb = new WKBReader();
            for (int e = k * chunk, end = Math.Min(raw.Count, e + chunk); e < end; e++)
            {
                var from = (int)(uint)order[e];
                var r = raw[from];
                Coordinate[]? coords = null;                              // null: the straight segment between the ends
                if (r.Wkb is not null)
                {
                    var line = wkb.Read(r.Wkb).Coordinates;
                    coords = new Coordinate[line.Length];
                    for (var i = 0; i < line.Length; i++) { var (x, y) = projection.Forward(line[i].X, line[i].Y); coords[i] = new Coordinate(x, y); }
                }
                edges[e] = new WalkEdge(ends[from].Source, ends[from].Target, r.Length, r.Oneway, coords);     // oriented by WalkNetwork
                edgeIds[e] = r.Id;
            }
        });
        var network = new WalkNetwork(sx, sy, edges);
        return new StoredNetwork(network, new NetworkSnapper(network), ids, edgeIds, version, projection);

        int Node(long id, long edge) => index.TryGetValue(id, out var n) ? n
            : throw new InvalidOperationException($"walk_edge {edge} names node {id}, which walk_node does not hold");
    }

    private static (List<long> Ids, List<double> Lon, List<double> Lat) ReadNodes(NpgsqlConnection conn, CancellationToken ct)
    {
        var (ids, lon, lat) = (new List<long>(1 << 16), new List<double>(1 << 16), new List<double>(1 << 16));
        using var r = conn.BeginBinaryExport(Sql.Copy("Features/Network/LoadWalkNodes.sql"));
        while (r.StartRow() != -1)
        {
            ids.Add(r.Read<long>(NpgsqlDbType.Bigint));
            lon.Add(r.Read<double>(NpgsqlDbType.Double));
            lat.Add(r.Read<double>(NpgsqlDbType.Double));
            if ((ids.Count & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
        return (ids, lon, lat);
    }

    /// <summary>The edges: id, ends (node ids), metres, one-way, and the WKB line only when it bends (more than two points).</summary>
    private static List<RawEdge> ReadEdges(NpgsqlConnection conn, CancellationToken ct)
    {
        var edges = new List<RawEdge>(1 << 16);
        using var r = conn.BeginBinaryExport(Sql.Copy("Features/Network/LoadWalkEdges.sql"));
        while (r.StartRow() != -1)
        {
            var (id, source, target, length, oneway) = (r.Read<long>(NpgsqlDbType.Bigint), r.Read<long>(NpgsqlDbType.Bigint),
                r.Read<long>(NpgsqlDbType.Bigint), r.Read<double>(NpgsqlDbType.Double), r.Read<bool>(NpgsqlDbType.Boolean));
            byte[]? wkb = null;
            if (r.IsNull) r.Skip();
            else wkb = r.Read<byte[]>(NpgsqlDbType.Bytea);
            edges.Add(new RawEdge(id, source, target, length, oneway, wkb));
            if ((edges.Count & 0xFFFF) == 0) ct.ThrowIfCancellationRequested();
        }
        return edges;
    }
}
