using GridGIS.Core.Import.Osm;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Import;
using GridGIS.Server.Features.Osm;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Basemap;

/// <summary>Which stored basemap features an import replaces.</summary>
internal enum BasemapReplace
{
    /// <summary>None: the extract's features are added.</summary>
    None,
    /// <summary>The features from OSM inside the extract's box (a re-import of the same area).</summary>
    Area,
    /// <summary>Every stored basemap feature.</summary>
    All,
}

/// <summary>What a basemap import wrote: per kind, features deleted, the box replaced, and ways or relations left incomplete by the extract.</summary>
internal sealed record BasemapImportResult(string Replace, int FeaturesRead, long Written, IReadOnlyDictionary<string, long> Kinds, long Deleted,
    double[]? Box, int Incomplete);

/// <summary>
/// Basemap features (roads with class and name, buildings, water, green, land use, rail, place names) from an OSM extract
/// into <c>basemap_feature</c> (migration 0016, tile layer "basemap"), all or nothing in one transaction: read, classify
/// (<see cref="OsmBasemap"/>), delete what <see cref="BasemapReplace"/> says, COPY, insert, one audit row.
/// </summary>
internal static class BasemapImport
{
    public static async Task<BasemapImportResult> RunAsync(NpgsqlDataSource db, Stream content, string fileName, BasemapReplace replace,
        string actor, ImportProgress progress, CancellationToken ct)
    {
        progress.Report(0, $"reading {fileName}");
        var extract = OsmExtractReader.Read(content);
        var features = OsmBasemap.Select(extract.Features()).ToList();
        var box = extract.Area is { } b ? new[] { b.MinX, b.MinY, b.MaxX, b.MaxY } : null;
        progress.Report(35, $"{features.Count} basemap features from {extract.Counts.Nodes} nodes, {extract.Counts.Ways} ways, {extract.Counts.Relations} relations");
        if (features.Count == 0)
            throw new Network.OsmFormatException($"'{fileName}' has no roads, buildings, water, green, land use, rail or place names: nothing to import");
        ct.ThrowIfCancellationRequested();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await Exec(conn, tx, "LockBasemapImport", ct);
            long deleted = 0;
            if (replace != BasemapReplace.None)
            {
                await using var del = new NpgsqlCommand(Sql.Get(replace == BasemapReplace.All
                    ? "Features/Basemap/DeleteBasemapAll.sql" : "Features/Basemap/DeleteBasemapArea.sql"), conn, tx);
                if (replace == BasemapReplace.Area)
                {
                    foreach (var v in box!) del.Parameters.Add(new NpgsqlParameter { Value = v });
                    del.Parameters.Add(new NpgsqlParameter { Value = features.Select(f => f.SourceId).Distinct().ToArray() });
                }
                deleted = (long)(await del.ExecuteScalarAsync(ct))!;
                progress.Report(40, $"replace {replace.ToString().ToLowerInvariant()}: deleted {deleted} basemap features");
            }
            await Exec(conn, tx, "StageBasemap", ct);
            await ImportWriter.CopyAsync(conn, progress, Sql.Copy("Features/Basemap/CopyBasemap.sql"), features, async (w, f) =>
            {
                await w.WriteAsync(f.Kind.ToString().ToLowerInvariant(), NpgsqlDbType.Text, ct);
                await w.WriteAsync(f.Class, NpgsqlDbType.Text, ct);
                foreach (var s in new[] { f.Name, f.NameZh, f.NameEn })
                    if (s is null) await w.WriteNullAsync(ct); else await w.WriteAsync(s, NpgsqlDbType.Text, ct);
                await w.WriteAsync(f.SourceId, NpgsqlDbType.Text, ct);
                await w.WriteAsync(f.Geometry, NpgsqlDbType.Geometry, ct);
            }, ct);
            var kinds = new SortedDictionary<string, long>(StringComparer.Ordinal);
            await using (var ins = new NpgsqlCommand(Sql.Get("Features/Basemap/InsertBasemap.sql"), conn, tx))
            await using (var r = await ins.ExecuteReaderAsync(ct))
                while (await r.ReadAsync(ct)) kinds[r.GetString(0)] = r.GetInt64(1);
            var result = new BasemapImportResult(replace.ToString().ToLowerInvariant(), features.Count, kinds.Values.Sum(), kinds, deleted, box, extract.Incomplete);
            await Audit.WriteAsync(conn, tx, actor, "import-osm", "basemap_feature", null, null, new { file = fileName, result.Replace, result.Written, result.Kinds, result.Deleted, result.Box }, ct);
            await tx.CommitAsync(ct);
            progress.Report(100, $"done: {result.Written} basemap features ({string.Join(", ", kinds.Select(k => $"{k.Key} {k.Value}"))}); {deleted} deleted");
            return result;
        }
        catch (NpgsqlException e)
        {
            throw new InvalidOperationException($"importing basemap features from '{fileName}': {e.Message}; nothing was written", e);
        }
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(Sql.Get($"Features/Basemap/{name}.sql"), conn, tx);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
