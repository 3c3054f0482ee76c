using GridGIS.Core.Import;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Import;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Network;

/// <summary>
/// The walking-network layer of a GeoJSON/CSV import (<c>/api/import/network</c>, <c>import network FILE</c>), the
/// database half, inside the import's transaction (<see cref="LayerImport"/> reads, validates and audits): in replace
/// mode the stored network goes first; endpoints that coincide with a stored node join it, the others become nodes
/// numbered after the highest id; edges are staged with binary COPY, then written with their spheroid lengths. The
/// writes move walk_node's and walk_edge's change counters (migration 0011), so every <see cref="WalkNetworkStore"/> reloads.
/// </summary>
internal sealed class NetworkLayerImport(NpgsqlConnection conn, NpgsqlTransaction tx, bool replace, ImportProgress progress)
{
    public long NodesInserted { get; private set; }
    public long NodesDeleted { get; private set; }
    public long EdgesDeleted { get; private set; }

    /// <summary>Deletes what replace mode replaces, writes the new nodes and stages the edges.</summary>
    public async Task StageAsync(IReadOnlyList<WalkEdgeRow> edges, CancellationToken ct)
    {
        if (replace)
        {
            await using var del = Command("DeleteWalkNetwork");
            await using (var r = await del.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                (EdgesDeleted, NodesDeleted) = (r.GetInt64(0), r.GetInt64(1));
            }
            progress.Report(30, $"replace: deleted {EdgesDeleted} edges and {NodesDeleted} nodes");
        }
        // Stored nodes that imported endpoints may coincide with: those in the file's box (+ ~1 m).
        var env = new NetTopologySuite.Geometries.Envelope();
        foreach (var e in edges) { env.ExpandToInclude(e.Geometry.StartPoint.Coordinate); env.ExpandToInclude(e.Geometry.EndPoint.Coordinate); }
        env.ExpandBy(1e-5);
        var existing = new List<WalkNode>();
        await using (var near = Command("ListWalkNodesNear", env.MinX, env.MinY, env.MaxX, env.MaxY))
        await using (var r = await near.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) existing.Add(new WalkNode(r.GetInt64(0), r.GetDouble(1), r.GetDouble(2)));
        await using var max = Command("MaxWalkNodeId");
        var firstId = (long)(await max.ExecuteScalarAsync(ct))! + 1;

        var nodes = EndpointNodes.Build([.. edges.Select(e => e.Geometry)], existing, firstId);
        NodesInserted = nodes.NewNodes.Count;
        progress.Report(35, $"{edges.Count} edges meet at {nodes.NewNodes.Count} new and {existing.Count} stored nodes nearby");
        var factory = SourceFeature.Factory;
        await ImportWriter.CopyAsync(conn, progress, Sql.Get("Features/Network/CopyImportWalkNodes.sql"), nodes.NewNodes, async (w, n) =>
        {
            await w.WriteAsync(n.Id, ct);
            await w.WriteAsync(factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(n.Lon, n.Lat)), NpgsqlDbType.Geometry, ct);
        }, ct);
        await using (var stage = Command("StageWalkEdges")) await stage.ExecuteNonQueryAsync(ct);
        var i = 0;
        await ImportWriter.CopyAsync(conn, progress, Sql.Get("Features/Network/CopyImportWalkEdges.sql"), edges, async (w, e) =>
        {
            var (source, target) = nodes.Ends[i++];
            await w.WriteAsync(e.Feature, ct); await w.WriteAsync(source, ct); await w.WriteAsync(target, ct);
            await w.WriteAsync(e.Oneway, ct); await w.WriteAsync(e.Kind, ct); await w.WriteAsync(e.Geometry, NpgsqlDbType.Geometry, ct);
        }, ct);
    }

    /// <summary>Writes the staged edges; returns the edges inserted.</summary>
    public async Task<long> ApplyAsync(CancellationToken ct)
    {
        await using var cmd = Command("InsertWalkEdges");
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private NpgsqlCommand Command(string query, params object[] args)
    {
        var cmd = new NpgsqlCommand(Sql.Get($"Features/Network/{query}.sql"), conn, tx);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a });
        return cmd;
    }
}
