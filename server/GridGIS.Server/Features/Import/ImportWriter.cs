using GridGIS.Core.Import;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Network;
using Npgsql;
using NpgsqlTypes;
using static GridGIS.Server.Features.Import.LayerImport;

namespace GridGIS.Server.Features.Import;

/// <summary>
/// The database half of an import, inside the caller's transaction: binary COPY of the validated rows
/// into a temporary staging table, the checks that need stored data, then the write from staging. The
/// walking-network layer is the network feature's (<see cref="NetworkLayerImport"/>).
/// </summary>
internal sealed class ImportWriter(NpgsqlConnection conn, NpgsqlTransaction tx, ImportRequest req, ImportProgress progress)
{
    private bool Replace => req.Mode == ImportMode.Replace;
    private readonly NetworkLayerImport _network = new(conn, tx, req.Mode == ImportMode.Replace, progress);

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
                await _network.StageAsync(b.Edges, ct);
                return [];
            default:
                throw new ArgumentOutOfRangeException(nameof(b), b.Layer, "unknown layer");
        }
    }

    /// <summary>Writes the staged rows (after deleting what replace mode replaces).</summary>
    public async Task<ImportCounts> ApplyAsync(ImportBatch b, CancellationToken ct)
    {
        if (b.Layer == ImportLayer.Network)
            return new ImportCounts("walk_edge", await _network.ApplyAsync(ct), 0, _network.EdgesDeleted, _network.NodesInserted, _network.NodesDeleted);
        var (table, query) = b.Layer switch
        {
            ImportLayer.Streets => ("street", "InsertStreets"),
            ImportLayer.Communities => ("community", "InsertCommunities"),
            ImportLayer.Grids => ("grid", "InsertGrids"),
            ImportLayer.Facilities => ("facility", "InsertFacilities"),
            _ => throw new ArgumentOutOfRangeException(nameof(b), b.Layer, "unknown layer"),
        };
        long deleted = 0;
        if (b.Layer == ImportLayer.Facilities && Replace)
        {
            await using var del = Command(conn, tx, "DeleteFacilities", []);
            deleted = (long)(await del.ExecuteScalarAsync(ct))!;
            progress.Report(30, $"replace: deleted {deleted} facilities of the file's categories");
        }
        await using var cmd = Command(conn, tx, query, []);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new ImportCounts(table, reader.GetInt64(0), reader.GetInt64(1), deleted, 0, 0);
    }

    private async Task<List<ImportError>> ChecksAsync(string query, object[] args, CancellationToken ct)
    {
        var found = new List<ImportError>();
        await using var cmd = Command(conn, tx, query, args);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct)) found.Add(new ImportError(r.GetInt32(0), null, r.GetString(1), r.GetString(2)));
        return found;
    }

    private Task CopyAsync<T>(string copy, IReadOnlyList<T> rows, Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct) =>
        CopyAsync(conn, progress, copy, rows, write, ct);

    /// <summary>Binary COPY of <paramref name="rows"/> with the statement <paramref name="copy"/> (a <c>Copy*.sql</c> file), reporting progress from 35 to 70 %.</summary>
    internal static async Task CopyAsync<T>(NpgsqlConnection conn, ImportProgress progress, string copy, IReadOnlyList<T> rows,
        Func<NpgsqlBinaryImporter, T, Task> write, CancellationToken ct)
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
