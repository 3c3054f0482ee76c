using System.Text.Json.Nodes;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Layers;
using Npgsql;
using NpgsqlTypes;

namespace GridGIS.Server.Features.Ogc;

/// <summary>
/// Tiles of a layer whose features the server makes or filters (service areas, coverage, gaps): the features of its OGC
/// collection inside the tile (with the caller's privacy rule), made into a Mapbox vector tile by PostGIS's
/// <c>ST_AsMVT</c> (<c>TileFeatures.sql</c>), so that a tile shows exactly what the collection shows its caller.
/// </summary>
internal static class CollectionTiles
{
    /// <summary>Features of one tile at most: a denser tile is cut there (coverage tiles carry one feature per unit and category).</summary>
    public const int MaxFeatures = 50_000;

    public static async Task<byte[]> TileAsync(HttpContext http, NpgsqlDataSource db, TileLayer layer, OgcCollection source, int z, long x, long y, CancellationToken ct)
    {
        var box = Envelope(z, x, y);
        var page = await source.Page(new OgcRequest(http, db, null, box, MaxFeatures, 0, new Dictionary<string, string>(), null) { ClipToBox = true }, ct);
        var geometries = new List<string>();
        var attributes = new List<string>();
        foreach (var f in page["features"]!.AsArray())
        {
            if (f?["geometry"] is not { } g) continue;
            var properties = new JsonObject();
            foreach (var (name, value) in f["properties"]!.AsObject())
                if (value is not null && layer.Fields.ContainsKey(name)) properties[name] = value.DeepClone();
            geometries.Add(g.ToJsonString());
            attributes.Add(properties.ToJsonString());
        }
        if (geometries.Count == 0) return [];
        await using var cmd = db.CreateCommand(Sql.Get("Features/Ogc/TileFeatures.sql"));
        cmd.Parameters.Add(new() { Value = z });
        cmd.Parameters.Add(new() { Value = (int)x });
        cmd.Parameters.Add(new() { Value = (int)y });
        cmd.Parameters.Add(new() { Value = layer.Id });
        cmd.Parameters.Add(new() { Value = geometries.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        cmd.Parameters.Add(new() { Value = attributes.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Jsonb });
        try { return await cmd.ExecuteScalarAsync(ct) as byte[] ?? []; }
        catch (PostgresException e) { throw new InvalidOperationException($"making tile {layer.Id}/{z}/{x}/{y}: {e.MessageText}", e); }
    }

    /// <summary>The WGS84 box of tile z/x/y, widened by the tile buffer (64 of 4096 units) on each side.</summary>
    internal static BoundingBox Envelope(int z, long x, long y)
    {
        double n = 1L << z, pad = 64.0 / 4096;
        static double Lat(double row, double n) => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * row / n))) * 180 / Math.PI;
        return new BoundingBox(Math.Max(-180, (x - pad) / n * 360 - 180), Math.Max(-85.06, Lat(y + 1 + pad, n)),
            Math.Min(180, (x + 1 + pad) / n * 360 - 180), Math.Min(85.06, Lat(y - pad, n)));
    }
}
