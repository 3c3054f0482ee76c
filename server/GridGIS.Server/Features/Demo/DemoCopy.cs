using System.Text;
using GridGIS.Core.Demo;
using GridGIS.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Demo;

/// <summary>Writes a generated <see cref="DemoDataset"/> with binary COPY, table by table, logging percentages.</summary>
internal static class DemoCopy
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static async Task WriteAllAsync(NpgsqlConnection conn, DemoDataset d, DemoIds ids, Action<string> log, CancellationToken ct)
    {
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoStreets.sql"), d.Streets, log, ct, async (w, s, i) =>
        {
            await w.WriteAsync(ids.Street + i, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(s.Code, NpgsqlDbType.Text, ct);
            await w.WriteAsync(s.NameZh, NpgsqlDbType.Text, ct);
            await w.WriteAsync(s.NameEn, NpgsqlDbType.Text, ct);
            await w.WriteAsync(s.Geometry, NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(s.GeometryNote, NpgsqlDbType.Text, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoPublishedPopulation.sql"), d.Streets, log, ct, async (w, s, i) =>
        {
            var p = s.Published;
            await w.WriteAsync(ids.Street + i, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(s.PublishedSource, NpgsqlDbType.Text, ct);
            await w.WriteAsync(s.PublishedYear, NpgsqlDbType.Integer, ct);
            foreach (var v in new[] { p.RegisteredTotal, p.RegisteredLocal, p.RegisteredElsewhereInBeijing, p.MigrantTotal, p.MigrantWithPermit,
                         p.MigrantWithoutPermit, p.ForeignResidents, p.Total })
                await w.WriteAsync(v, NpgsqlDbType.Integer, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoCommunities.sql"), d.Communities, log, ct, async (w, c, i) =>
        {
            await w.WriteAsync(ids.Community + i, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(c.Code, NpgsqlDbType.Text, ct);
            await w.WriteAsync(ids.Street + c.StreetIndex, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(c.NameZh, NpgsqlDbType.Text, ct);
            await w.WriteAsync(c.Geometry, NpgsqlDbType.Geometry, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoGridWorkers.sql"), d.Workers, log, ct, async (w, g, i) =>
        {
            await w.WriteAsync(ids.Worker + i, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(g.Name, NpgsqlDbType.Text, ct);
            await w.WriteAsync(g.Languages.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            if (g.UserName is null) await w.WriteNullAsync(ct); else await w.WriteAsync(g.UserName, NpgsqlDbType.Text, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoGrids.sql"), d.Grids, log, ct, async (w, g, i) =>
        {
            await w.WriteAsync(ids.Grid + i, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(g.Code, NpgsqlDbType.Text, ct);
            await w.WriteAsync(ids.Community + g.CommunityIndex, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(g.Kind, NpgsqlDbType.Text, ct);
            await w.WriteAsync(g.Name, NpgsqlDbType.Text, ct);
            if (g.WorkerIndex is { } wi) await w.WriteAsync(ids.Worker + wi, NpgsqlDbType.Integer, ct); else await w.WriteNullAsync(ct);
            await w.WriteAsync(g.Geometry, NpgsqlDbType.Geometry, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoHouseholds.sql"), d.Households, log, ct, async (w, h, i) =>
        {
            await w.WriteAsync(ids.Household + i, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(Wgs84.CreatePoint(new Coordinate(h.Lon, h.Lat)), NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(h.Address, NpgsqlDbType.Text, ct);
            await w.WriteAsync(h.Residents, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(h.ForeignResidents, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(NationalitiesJson(h.Nationalities), NpgsqlDbType.Jsonb, ct);
            await w.WriteAsync(ids.Grid + h.GridIndex, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(ids.Street + h.StreetIndex, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoFacilities.sql"), d.Facilities, log, ct, async (w, f, i) =>
        {
            await w.WriteAsync(ids.Facility + i, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(f.CategoryCode, NpgsqlDbType.Text, ct);
            await w.WriteAsync(f.Name, NpgsqlDbType.Text, ct);
            await w.WriteAsync(Wgs84.CreatePoint(new Coordinate(f.Lon, f.Lat)), NpgsqlDbType.Geometry, ct);
            await w.WriteAsync(f.Capacity, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(f.Languages.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text, ct);
            await w.WriteAsync(ids.Street + f.StreetIndex, NpgsqlDbType.Integer, ct);
            await w.WriteAsync(true, NpgsqlDbType.Boolean, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoWalkNodes.sql"), d.Nodes, log, ct, async (w, n, i) =>
        {
            await w.WriteAsync(ids.Node + i, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(Wgs84.CreatePoint(new Coordinate(n.Lon, n.Lat)), NpgsqlDbType.Geometry, ct);
        });
        await CopyAsync(conn, Sql.Get("Features/Demo/CopyDemoWalkEdges.sql"), d.Edges, log, ct, async (w, e, i) =>
        {
            var (a, b) = (d.Nodes[e.Source], d.Nodes[e.Target]);
            await w.WriteAsync(ids.Edge + i, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(ids.Node + e.Source, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(ids.Node + e.Target, NpgsqlDbType.Bigint, ct);
            await w.WriteAsync(e.LengthM, NpgsqlDbType.Double, ct);
            await w.WriteAsync(false, NpgsqlDbType.Boolean, ct);
            await w.WriteAsync(e.Kind, NpgsqlDbType.Text, ct);
            await w.WriteAsync(Wgs84.CreateLineString([new Coordinate(a.Lon, a.Lat), new Coordinate(b.Lon, b.Lat)]), NpgsqlDbType.Geometry, ct);
        });
    }

    /// <summary>{"KR":2,"US":1}: ISO 3166 alpha-2 codes are letters only, so no escaping is needed.</summary>
    private static string NationalitiesJson(IReadOnlyList<NationalityCount> list)
    {
        if (list.Count == 0) return "{}";
        var sb = new StringBuilder("{");
        for (var i = 0; i < list.Count; i++) sb.Append(i == 0 ? "" : ",").Append('"').Append(list[i].Country).Append("\":").Append(list[i].Count);
        return sb.Append('}').ToString();
    }

    private static async Task CopyAsync<T>(NpgsqlConnection conn, string copy, IReadOnlyList<T> rows, Action<string> log, CancellationToken ct,
        Func<NpgsqlBinaryImporter, T, int, Task> write)
    {
        // copy: "copy TABLE (COLUMNS) from stdin (format binary)"
        var table = copy.Split(' ', 3)[1];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var importer = await conn.BeginBinaryImportAsync(copy, ct);
        var nextReport = rows.Count >= 40_000 ? 25 : 101;
        for (var i = 0; i < rows.Count; i++)
        {
            await importer.StartRowAsync(ct);
            await write(importer, rows[i], i);
            if ((i + 1) * 100L >= nextReport * (long)rows.Count && nextReport <= 100)
            {
                log($"COPY {table}: {nextReport}% ({i + 1} of {rows.Count}, {clock.Elapsed.TotalSeconds:F1} s)");
                nextReport += 25;
            }
        }
        try { await importer.CompleteAsync(ct); }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.CheckViolation or PostgresErrorCodes.ForeignKeyViolation
                                               or PostgresErrorCodes.UniqueViolation or PostgresErrorCodes.NotNullViolation)
        { throw new InvalidOperationException($"loading the demo: COPY {table} failed: {e.MessageText}", e); }
        log($"COPY {table}: {rows.Count} rows written in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
