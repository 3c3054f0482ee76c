using GridGIS.Core.Network;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Network;

/// <summary>How an OSM import meets the stored walking network.</summary>
internal enum OsmImportMode
{
    /// <summary>Added to the stored network and joined to it where they meet: shared OSM nodes, and dead ends within the tolerance.</summary>
    Join,
    /// <summary>The stored network is deleted first; the extract becomes the whole network.</summary>
    Replace,
}

/// <summary>What an OSM import did, and the whole network's connectivity after it.</summary>
/// <param name="Nodes">nodes inserted</param>
/// <param name="JoinedByOsmId">imported nodes that were already stored (the same OSM node)</param>
/// <param name="JoinedByDistance">imported dead ends joined to a stored node within the tolerance at the same level</param>
/// <param name="DuplicateEdges">imported pieces of way already stored between the same two OSM nodes, not added again</param>
/// <param name="BlockingBarriers">barrier nodes on walkable ways that stop pedestrians (gates with access=no/private, ...)</param>
/// <param name="AreaCrossings">straight crossings added across pedestrian areas</param>
internal sealed record OsmImportResult(string File, string Mode, double ToleranceMetres, int WaysSeen, int WaysKept, int Edges, int Nodes,
    int JoinedByOsmId, int JoinedByDistance, int DuplicateEdges, int BlockingBarriers, int AreaCrossings, long DeletedEdges, long DeletedNodes,
    NetworkReport Network);

/// <summary>
/// Imports an OSM extract (.osm or .osm.pbf) into walk_node / walk_edge, all or nothing in one transaction: read and
/// filter by the walking rules (<see cref="OsmWalkGraphBuilder"/>), delete the stored network (replace) or join onto it
/// (<see cref="OsmNetworkJoin"/>), COPY the new nodes (ids after the highest stored id, with their OSM ids and levels)
/// and edges (lengths along the spheroid), write one audit row. The writes move the tables' change counters
/// (migration 0011): every process's <see cref="WalkNetworkStore"/> then reloads; the answer carries the connectivity
/// of the network as loaded after the import.
/// </summary>
internal static class OsmImport
{
    public static async Task<OsmImportResult> RunAsync(NpgsqlDataSource db, WalkNetworkStore store, Stream content, string fileName,
        OsmImportMode mode, double toleranceMetres, string actor, Action<string> progress, CancellationToken ct)
    {
        var builder = OsmReader.Read(content, progress);
        var edges = builder.Build();
        progress($"{builder.WaysKept} of {builder.WaysSeen} ways are walkable; {edges.Count} edges after splitting at shared nodes, " +
                 $"{builder.BlockingBarriers} closed barriers, {builder.AreaCrossings} crossings of pedestrian areas");
        if (edges.Count == 0)
            throw new OsmFormatException($"'{fileName}' has no walkable ways ({builder.WaysSeen} ways read): nothing to import");
        var imported = ImportedNodes(builder, edges);
        ct.ThrowIfCancellationRequested();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        OsmImportResult result;
        try
        {
            await Exec(conn, tx, "LockNetworkImport", ct);
            long edgesBefore, nodesBefore, maxNode, deletedEdges = 0, deletedNodes = 0;
            await using (var cmd = Command(conn, tx, "CountWalkNetwork"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            { await r.ReadAsync(ct); (edgesBefore, nodesBefore, maxNode) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)); }
            var stored = new List<StoredWalkNode>();
            if (mode == OsmImportMode.Replace)
            {
                await using var cmd = Command(conn, tx, "DeleteWalkNetwork");
                await using var r = await cmd.ExecuteReaderAsync(ct);
                await r.ReadAsync(ct);
                (deletedEdges, deletedNodes) = (r.GetInt64(0), r.GetInt64(1));
                progress($"replace: deleted {deletedEdges} edges and {deletedNodes} nodes");
            }
            else stored = await StoredNearAsync(conn, tx, imported, ct);
            var plan = OsmNetworkJoin.Plan(imported, stored, mode == OsmImportMode.Join ? toleranceMetres : 0, store.Projection, maxNode + 1);
            progress($"join: {plan.JoinedByOsmId} nodes are stored OSM nodes, {plan.JoinedByDistance} dead ends joined within {toleranceMetres} m; {plan.NewNodes.Count} new nodes");
            var kept = await WithoutStoredEdgesAsync(conn, tx, edges, plan, stored, ct);

            var factory = new GeometryFactory(new PrecisionModel(), 4326);
            await using (var w = await conn.BeginBinaryImportAsync(Sql.Get("Features/Network/CopyOsmNodes.sql"), ct))
            {
                foreach (var n in plan.NewNodes)
                {
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(n.Id, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync((Geometry)factory.CreatePoint(new Coordinate(n.Lon, n.Lat)), NpgsqlDbType.Geometry, ct);
                    if (n.OsmId is { } osm) await w.WriteAsync(osm, NpgsqlDbType.Bigint, ct); else await w.WriteNullAsync(ct);
                    await w.WriteAsync((short)n.Level, NpgsqlDbType.Smallint, ct);
                }
                await w.CompleteAsync(ct);
            }
            await Exec(conn, tx, "StageOsmEdges", ct);
            await using (var w = await conn.BeginBinaryImportAsync(Sql.Get("Features/Network/CopyOsmEdges.sql"), ct))
            {
                for (var i = 0; i < kept.Count; i++)
                {
                    var e = kept[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(i, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(plan.DatabaseIds[e.Source], NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(plan.DatabaseIds[e.Target], NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(e.Oneway, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(e.Kind, NpgsqlDbType.Text, ct);
                    var line = factory.CreateLineString(e.Coordinates.Select(c => new Coordinate(c.Lon, c.Lat)).ToArray());
                    await w.WriteAsync((Geometry)line, NpgsqlDbType.Geometry, ct);
                }
                await w.CompleteAsync(ct);
            }
            await using (var cmd = Command(conn, tx, "InsertOsmEdges"))
                progress($"inserted {(long)(await cmd.ExecuteScalarAsync(ct))!} edges");
            result = new OsmImportResult(fileName, Http.EnumText.Name(mode), toleranceMetres, builder.WaysSeen, builder.WaysKept, kept.Count,
                plan.NewNodes.Count, plan.JoinedByOsmId, plan.JoinedByDistance, edges.Count - kept.Count, builder.BlockingBarriers,
                builder.AreaCrossings, deletedEdges, deletedNodes, NetworkReport.Empty);
            await Audit.WriteAsync(conn, tx, actor, "import-osm", "walk_network", null, new { edges = edgesBefore, nodes = nodesBefore }, result, ct);
            await tx.CommitAsync(ct);
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"importing '{fileName}' into walk_node/walk_edge: {e.Message}; nothing was written", e);
        }
        var network = await store.GetAsync(ct);
        return result with { Network = NetworkReport.Of(network) };
    }

    /// <summary>The imported graph's nodes with their degree, OSM id and level, in order of first use.</summary>
    private static List<ImportedWalkNode> ImportedNodes(OsmWalkGraphBuilder builder, List<OsmWalkEdge> edges)
    {
        var degree = new Dictionary<long, int>();
        var order = new List<long>();
        foreach (var e in edges)
            foreach (var n in new[] { e.Source, e.Target })
            {
                if (!degree.ContainsKey(n)) order.Add(n);
                degree[n] = degree.GetValueOrDefault(n) + 1;
            }
        return order.Select(n =>
        {
            var (lon, lat) = builder.Node(n);
            return new ImportedWalkNode(n, lon, lat, builder.OsmNodeId(n), builder.NodeLevel(n), degree[n]);
        }).ToList();
    }

    /// <summary>Stored nodes in the imported nodes' box (plus ~11 m), and stored nodes with one of their OSM ids.</summary>
    private static async Task<List<StoredWalkNode>> StoredNearAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<ImportedWalkNode> imported, CancellationToken ct)
    {
        var env = new Envelope();
        foreach (var n in imported) env.ExpandToInclude(n.Lon, n.Lat);
        env.ExpandBy(1e-4);
        var osmIds = imported.Where(n => n.OsmId is not null).Select(n => n.OsmId!.Value).ToArray();
        await using var cmd = Command(conn, tx, "ListOsmJoinNodes");
        foreach (var v in new object[] { env.MinX, env.MinY, env.MaxX, env.MaxY, osmIds }) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        var stored = new List<StoredWalkNode>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
            stored.Add(new StoredWalkNode(r.GetInt64(0), r.GetDouble(1), r.GetDouble(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt16(4)));
        return stored;
    }

    /// <summary>The imported edges less those whose two ends are stored OSM nodes already joined by a stored edge.</summary>
    private static async Task<List<OsmWalkEdge>> WithoutStoredEdgesAsync(NpgsqlConnection conn, NpgsqlTransaction tx, List<OsmWalkEdge> edges,
        OsmJoinPlan plan, List<StoredWalkNode> stored, CancellationToken ct)
    {
        if (plan.JoinedByOsmId == 0) return edges;
        var storedOsm = stored.Where(s => s.OsmId is not null).Select(s => s.Id).ToHashSet();
        bool Joined(long graphId) => graphId >= 0 && storedOsm.Contains(plan.DatabaseIds[graphId]);
        var ends = edges.Where(e => Joined(e.Source) && Joined(e.Target)).SelectMany(e => new[] { plan.DatabaseIds[e.Source], plan.DatabaseIds[e.Target] })
            .Distinct().ToArray();
        var pairs = new HashSet<(long, long)>();
        await using (var cmd = Command(conn, tx, "ListWalkEdgeEnds"))
        {
            cmd.Parameters.Add(new NpgsqlParameter { Value = ends });
            await using var r = await cmd.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct)) { pairs.Add((r.GetInt64(0), r.GetInt64(1))); pairs.Add((r.GetInt64(1), r.GetInt64(0))); }
        }
        return edges.Where(e => !(Joined(e.Source) && Joined(e.Target) && pairs.Contains((plan.DatabaseIds[e.Source], plan.DatabaseIds[e.Target])))).ToList();
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction tx, string name) =>
        new(Sql.Get($"Features/Network/{name}.sql"), conn, tx);

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, name);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
