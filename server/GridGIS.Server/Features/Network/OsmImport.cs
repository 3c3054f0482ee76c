using GridGIS.Core.Network;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Network;

/// <summary>What an OSM import did.</summary>
internal sealed record OsmImportResult(string File, int WaysSeen, int WaysKept, int Edges, int Nodes, long DeletedEdges, long DeletedNodes, bool Replaced);

/// <summary>
/// Imports an OSM extract (.osm or .osm.pbf) into walk_node / walk_edge, all or nothing in one transaction:
/// read and filter (<see cref="OsmWalkways"/>), split at shared nodes, optionally delete the stored network
/// (replace), COPY new nodes (ids after the highest stored id) and edges (lengths along the spheroid),
/// write one audit row. The writes move the tables' change counters (migration 0011): every process's
/// <see cref="WalkNetworkStore"/> then reloads.
/// </summary>
internal static class OsmImport
{
    public static async Task<OsmImportResult> RunAsync(NpgsqlDataSource db, Stream content, string fileName, bool replace, string actor,
        Action<string> progress, CancellationToken ct)
    {
        var builder = OsmReader.Read(content, progress);
        var edges = builder.Build();
        progress($"{builder.WaysKept} of {builder.WaysSeen} ways are walkable; {edges.Count} edges after splitting at shared nodes");
        if (edges.Count == 0)
            throw new OsmFormatException($"'{fileName}' has no walkable ways ({builder.WaysSeen} ways read): nothing to import");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await Exec(conn, tx, "LockNetworkImport", ct);
            long edgesBefore, nodesBefore, maxNode, deletedEdges = 0, deletedNodes = 0;
            await using (var cmd = Command(conn, tx, "CountWalkNetwork"))
            await using (var r = await cmd.ExecuteReaderAsync(ct))
            { await r.ReadAsync(ct); (edgesBefore, nodesBefore, maxNode) = (r.GetInt64(0), r.GetInt64(1), r.GetInt64(2)); }
            if (replace)
            {
                await using var cmd = Command(conn, tx, "DeleteWalkNetwork");
                await using var r = await cmd.ExecuteReaderAsync(ct);
                await r.ReadAsync(ct);
                (deletedEdges, deletedNodes) = (r.GetInt64(0), r.GetInt64(1));
                progress($"replace: deleted {deletedEdges} edges and {deletedNodes} nodes");
            }
            var factory = new GeometryFactory(new PrecisionModel(), 4326);
            var ids = new Dictionary<long, long>();
            foreach (var e in edges)
                foreach (var osm in new[] { e.Source, e.Target })
                    if (!ids.ContainsKey(osm)) ids[osm] = maxNode + 1 + ids.Count;
            await using (var w = await conn.BeginBinaryImportAsync(Sql.Get("Features/Network/CopyOsmNodes.sql"), ct))
            {
                foreach (var (osm, id) in ids)
                {
                    var (lon, lat) = builder.Node(osm);
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(id, NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync((Geometry)factory.CreatePoint(new Coordinate(lon, lat)), NpgsqlDbType.Geometry, ct);
                }
                await w.CompleteAsync(ct);
            }
            progress($"copied {ids.Count} nodes");
            await Exec(conn, tx, "StageOsmEdges", ct);
            await using (var w = await conn.BeginBinaryImportAsync(Sql.Get("Features/Network/CopyOsmEdges.sql"), ct))
            {
                for (var i = 0; i < edges.Count; i++)
                {
                    var e = edges[i];
                    await w.StartRowAsync(ct);
                    await w.WriteAsync(i, NpgsqlDbType.Integer, ct);
                    await w.WriteAsync(ids[e.Source], NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(ids[e.Target], NpgsqlDbType.Bigint, ct);
                    await w.WriteAsync(e.Oneway, NpgsqlDbType.Boolean, ct);
                    await w.WriteAsync(e.Kind, NpgsqlDbType.Text, ct);
                    var line = factory.CreateLineString(e.Coordinates.Select(c => new Coordinate(c.Lon, c.Lat)).ToArray());
                    await w.WriteAsync((Geometry)line, NpgsqlDbType.Geometry, ct);
                }
                await w.CompleteAsync(ct);
            }
            await using (var cmd = Command(conn, tx, "InsertOsmEdges"))
                progress($"inserted {(long)(await cmd.ExecuteScalarAsync(ct))!} edges");
            var result = new OsmImportResult(fileName, builder.WaysSeen, builder.WaysKept, edges.Count, ids.Count, deletedEdges, deletedNodes, replace);
            await Audit.WriteAsync(conn, tx, actor, "import-osm", "walk_network", null,
                new { edges = edgesBefore, nodes = nodesBefore }, result, ct);
            await tx.CommitAsync(ct);
            return result;
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"importing '{fileName}' into walk_node/walk_edge: {e.Message}; nothing was written", e);
        }
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, NpgsqlTransaction tx, string name) =>
        new(Sql.Get($"Features/Network/{name}.sql"), conn, tx);

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct)
    {
        await using var cmd = Command(conn, tx, name);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
