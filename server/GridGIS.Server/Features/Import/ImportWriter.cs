using GridGIS.Core.Import;
using GridGIS.Server.Data;
using Npgsql;
using NpgsqlTypes;
using static GridGIS.Server.Features.Import.LayerImport;

namespace GridGIS.Server.Features.Import;

/// <summary>
/// The database half of an import, inside the caller's transaction: binary COPY of the validated rows
/// into a temporary staging table, the checks that need stored data, then the write from staging.
/// </summary>
internal sealed class ImportWriter(NpgsqlConnection conn, NpgsqlTransaction tx, ImportRequest req, ImportProgress progress)
{
    private bool Replace => req.Mode == ImportMode.Replace;
    private long _nodesInserted;
    private long _nodesDeleted;
    private long _edgesDeleted;

    /// <summary>Stages the batch and returns what the stored data says is wrong with it (feature, field, message).</summary>
    public async Task<List<ImportError>> StageAndCheckAsync(ImportBatch b, CancellationToken ct)
    {
        switch (b.Layer)
        {
            case ImportLayer.Streets:
                await Exec(conn, tx, "StageStreets", [], ct);
                await CopyAsync(Sql.Get("Features/Import/CopyImportStreets.sql"), b.Streets, async (w, r) =>
                {
                    await w.WriteAsync(r.Feature, ct); await w.WriteAsync(r.Code, ct); await w.WriteAsync(r.NameZh, ct);
                    await w.WriteAsync(r.NameEn, ct); await w.WriteAsync(r.Geometry, NpgsqlDbType.Geometry, ct);
                }, ct);
                return await ChecksAsync("CheckStreets", [Replace], ct);
            case ImportLayer.Communities:
                await Exec(conn, tx, "StageCommunities", [], ct);
                await CopyAsync(Sql.Get("Features/Import/CopyImportCommunities.sql"), b.Communities, async (w, r) =>
                {
                    await w.WriteAsync(r.Feature, ct); await w.WriteAsync(r.Code, ct); await w.WriteAsync(r.StreetCode, ct);
                    await w.WriteAsync(r.NameZh, ct); await WriteNullable(w, r.NameEn, ct); await w.WriteAsync(r.Geometry, NpgsqlDbType.Geometry, ct);
                }, ct);
                return await ChecksAsync("CheckCommunities", [Replace, OutsideShare], ct);
            case ImportLayer.Grids:
                await Exec(conn, tx, "StageGrids", [], ct);
                await CopyAsync(Sql.Get("Features/Import/CopyImportGrids.sql"), b.Grids, async (w, r) =>
                {
                    await w.WriteAsync(r.Feature, ct); await w.WriteAsync(r.Code, ct); await w.WriteAsync(r.CommunityCode, ct);
                    await w.WriteAsync(r.Kind, ct); await WriteNullable(w, r.Name, ct); await w.WriteAsync(r.Geometry, NpgsqlDbType.Geometry, ct);
                }, ct);
                return await ChecksAsync("CheckGrids", [Replace, OutsideShare], ct);
            case ImportLayer.Facilities:
                await Exec(conn, tx, "StageFacilities", [], ct);
                await CopyAsync(Sql.Get("Features/Import/CopyImportFacilities.sql"), b.Facilities, async (w, r) =>
                {
                    await w.WriteAsync(r.Feature, ct); await w.WriteAsync(r.Category, ct); await w.WriteAsync(r.Name, ct);
                    await w.WriteAsync(r.Geometry, NpgsqlDbType.Geometry, ct);
                    if (r.Capacity is { } c) await w.WriteAsync(c, ct); else await w.WriteNullAsync(ct);
                    await w.WriteAsync(r.Languages, ct);
                }, ct);
                return await ChecksAsync("CheckFacilities", [FacilityToleranceMetres], ct);
            case ImportLayer.Network:
                await StageNetworkAsync(b.Edges, ct);
                return [];
            default:
                throw new ArgumentOutOfRangeException(nameof(b), b.Layer, "unknown layer");
        }
    }

    /// <summary>Writes the staged rows (after deleting what replace mode replaces).</summary>
    public async Task<ImportCounts> ApplyAsync(ImportBatch b, CancellationToken ct)
    {
        var (table, query) = b.Layer switch
        {
            ImportLayer.Streets => ("street", "InsertStreets"),
            ImportLayer.Communities => ("community", "InsertCommunities"),
            ImportLayer.Grids => ("grid", "InsertGrids"),
            ImportLayer.Facilities => ("facility", "InsertFacilities"),
            _ => ("walk_edge", "InsertWalkEdges"),
        };
        long deleted = _edgesDeleted;
        if (b.Layer == ImportLayer.Facilities && Replace)
        {
            await using var del = Command(conn, tx, "DeleteFacilities", []);
            deleted = (long)(await del.ExecuteScalarAsync(ct))!;
            progress.Report(30, $"replace: deleted {deleted} facilities of the file's categories");
        }
        await using var cmd = Command(conn, tx, query, []);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var counts = new ImportCounts(table, reader.GetInt64(0), reader.GetInt64(1), deleted, _nodesInserted, _nodesDeleted);
        await reader.DisposeAsync();
        if (b.Layer == ImportLayer.Network)
            await Exec(conn, tx, "BumpWalkNetworkVersion", [Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(req.Content.Span))], ct);
        return counts;
    }

    private async Task StageNetworkAsync(IReadOnlyList<WalkEdgeRow> edges, CancellationToken ct)
    {
        if (Replace)
        {
            await using var del = Command(conn, tx, "DeleteWalkNetwork", []);
            await using (var r = await del.ExecuteReaderAsync(ct))
            {
                await r.ReadAsync(ct);
                (_edgesDeleted, _nodesDeleted) = (r.GetInt64(0), r.GetInt64(1));
            }
            progress.Report(30, $"replace: deleted {_edgesDeleted} edges and {_nodesDeleted} nodes");
        }
        // Stored nodes that imported endpoints may coincide with: those in the file's box (+ ~1 m).
        var env = new NetTopologySuite.Geometries.Envelope();
        foreach (var e in edges) { env.ExpandToInclude(e.Geometry.StartPoint.Coordinate); env.ExpandToInclude(e.Geometry.EndPoint.Coordinate); }
        env.ExpandBy(1e-5);
        var existing = new List<WalkNode>();
        await using (var near = Command(conn, tx, "ListWalkNodesNear", [env.MinX, env.MinY, env.MaxX, env.MaxY]))
        await using (var r = await near.ExecuteReaderAsync(ct))
            while (await r.ReadAsync(ct)) existing.Add(new WalkNode(r.GetInt64(0), r.GetDouble(1), r.GetDouble(2)));
        await using var max = Command(conn, tx, "MaxWalkNodeId", []);
        var firstId = (long)(await max.ExecuteScalarAsync(ct))! + 1;

        var nodes = EndpointNodes.Build([.. edges.Select(e => e.Geometry)], existing, firstId);
        _nodesInserted = nodes.NewNodes.Count;
        progress.Report(35, $"{edges.Count} edges meet at {nodes.NewNodes.Count} new and {existing.Count} stored nodes nearby");
        var factory = SourceFeature.Factory;
        await CopyAsync(Sql.Get("Features/Import/CopyImportWalkNodes.sql"), nodes.NewNodes, async (w, n) =>
        {
            await w.WriteAsync(n.Id, ct);
            await w.WriteAsync(factory.CreatePoint(new NetTopologySuite.Geometries.Coordinate(n.Lon, n.Lat)), NpgsqlDbType.Geometry, ct);
        }, ct);
        await Exec(conn, tx, "StageWalkEdges", [], ct);
        var i = 0;
        await CopyAsync(Sql.Get("Features/Import/CopyImportWalkEdges.sql"), edges, async (w, e) =>
        {
            var (source, target) = nodes.Ends[i++];
            await w.WriteAsync(e.Feature, ct); await w.WriteAsync(source, ct); await w.WriteAsync(target, ct);
            await w.WriteAsync(e.Oneway, ct); await w.WriteAsync(e.Kind, ct); await w.WriteAsync(e.Geometry, NpgsqlDbType.Geometry, ct);
        }, ct);
    }

    private async Task<List<ImportError>> ChecksAsync(string query, object[] args, CancellationToken ct)
    {
        var found = new List<ImportError>();
        await using var cmd = Command(conn, tx, query, args);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found.Add(new ImportError(r.GetInt32(0), null, r.GetString(1), r.GetString(2)));
        return found;
    }

    private async Task CopyAsync<T>(string copy, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
    {
        await using var importer = await conn.BeginBinaryImportAsync(copy, ct);
        var step = Math.Max(rows.Count / 20, 1_000);
        for (var n = 0; n < rows.Count; n++)
        {
            await importer.StartRowAsync(ct);
            await write(importer, rows[n]);
            if ((n + 1) % step == 0) progress.Step(35, 70, n + 1, rows.Count, $"copied {n + 1} of {rows.Count} rows");
        }
        await importer.CompleteAsync(ct);
        progress.Step(35, 70, rows.Count, rows.Count, $"staged {rows.Count} rows; checking");
    }

    private static Task WriteNullable(NpgsqlBinaryImporter w, string? s, CancellationToken ct) =>
        s is null ? w.WriteNullAsync(ct) : w.WriteAsync(s, ct);
}
