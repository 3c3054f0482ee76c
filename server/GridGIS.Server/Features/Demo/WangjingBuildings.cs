using System.Text.Json;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Basemap;
using GridGIS.Server.Features.Import;
using Npgsql;

namespace GridGIS.Server.Features.Demo;

/// <summary>
/// Real buildings in the Chaoyang demo where an OSM extract covers it (central Wangjing, <c>data/osm/beijing_chaoyang_wangjing.osm</c>,
/// embedded): its basemap features (roads, buildings, water, green, ...) are imported (<see cref="BasemapImport"/>, replacing
/// its area), and the demo's generated households of the Wangjing street inside the extract move into its residential
/// buildings, each within its own grid (<c>PlaceWangjingHouseholds.sql</c>); they stay <c>generated</c>. Runs once per demo load
/// (dataset_meta 'demo-wangjing' records which); the walking network is not touched here.
/// </summary>
internal static class WangjingBuildings
{
    public const string Resource = "osm/beijing_chaoyang_wangjing.osm";
    private static readonly string[] ResidentialClasses = ["residential", "apartments", "house", "dormitory", "yes"];

    public static async Task EnsureAsync(NpgsqlDataSource db, Action<string> log, CancellationToken ct = default)
    {
        string? demo;
        await using (var meta = db.CreateCommand(Sql.Get("Features/Demo/ReadDemoMeta.sql")))
            demo = (await meta.ExecuteScalarAsync(ct))?.ToString();
        if (demo is null) return;
        await using (var marker = db.CreateCommand(Sql.Get("Features/Demo/ReadWangjingMarker.sql")))
            if ((await marker.ExecuteScalarAsync(ct))?.ToString() == demo)
            {
                log("Wangjing's real buildings already in the demo");
                return;
            }

        await using var osm = typeof(WangjingBuildings).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"no embedded {Resource} (data/osm/beijing_chaoyang_wangjing.osm)");
        var basemap = await BasemapImport.RunAsync(db, osm, "beijing_chaoyang_wangjing.osm", BasemapReplace.Area, Audit.Actor(null),
            ImportProgress.Lines(m => log($"Wangjing basemap: {m}")), ct);
        var box = basemap.Box ?? throw new InvalidOperationException("the Wangjing extract has no area");

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        long moved, grids;
        await using (var place = new NpgsqlCommand(Sql.Get("Features/Demo/PlaceWangjingHouseholds.sql"), conn, tx))
        {
            foreach (var v in box) place.Parameters.Add(new NpgsqlParameter { Value = v });
            place.Parameters.Add(new NpgsqlParameter { Value = ResidentialClasses });
            await using var r = await place.ExecuteReaderAsync(ct);
            await r.ReadAsync(ct);
            (moved, grids) = (r.GetInt64(0), r.GetInt64(1));
        }
        var done = new { demo, basemap = basemap.Written, moved, grids, note = "generated households placed in real OSM residential buildings" };
        await using (var save = new NpgsqlCommand(Sql.Get("Features/Demo/SaveWangjingMarker.sql"), conn, tx))
        {
            save.Parameters.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(done) });
            await save.ExecuteNonQueryAsync(ct);
        }
        await Audit.WriteAsync(conn, tx, Audit.Actor(null), "demo.wangjing", "household", null, null, done, ct);
        await tx.CommitAsync(ct);
        log($"Wangjing: {basemap.Written} real basemap features; {moved} generated households of {grids} grids placed in real residential buildings");
    }
}
