using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace GridGIS.Server.Tests.Features.Import;

/// <summary>
/// Builds import files for the tests: the same features as a GeoJSON FeatureCollection or as CSV with a
/// wkt column, inside a square of 0.01 degrees at a random place in China that no other test uses, with
/// random codes, so that every test writes its own rows.
/// </summary>
internal sealed class ImportTestFiles
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    public ImportTestFiles()
    {
        Lon = Math.Round(100 + Random.Shared.NextDouble() * 30, 4);
        Lat = Math.Round(22 + Random.Shared.NextDouble() * 24, 4);
        StreetCode = Random.Shared.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        CommunityCode = StreetCode + "001";
        GridCode = CommunityCode + "001";
    }

    /// <summary>South-west corner of this test's street, degrees.</summary>
    public double Lon { get; }
    public double Lat { get; }
    public string StreetCode { get; }
    public string CommunityCode { get; }
    public string GridCode { get; }

    private string P(double fx, double fy) =>
        string.Create(CultureInfo.InvariantCulture, $"{Lon + fx * 0.01:0.#########} {Lat + fy * 0.01:0.#########}");

    /// <summary>WKT of a box of the street square, corners in fractions 0..1 of its side.</summary>
    public string Box(double x0, double y0, double x1, double y1) =>
        $"POLYGON(({P(x0, y0)}, {P(x1, y0)}, {P(x1, y1)}, {P(x0, y1)}, {P(x0, y0)}))";

    public string Street => Box(0, 0, 1, 1);
    public string Point(double fx, double fy) => $"POINT({P(fx, fy)})";
    public string Line(params (double X, double Y)[] pts) => $"LINESTRING({string.Join(", ", pts.Select(p => P(p.X, p.Y)))})";

    public static Dictionary<string, object?> Props(params (string Key, object? Value)[] kv) => kv.ToDictionary(p => p.Key, p => p.Value);

    /// <summary>The features as a request body of <paramref name="format"/> ("geojson" or "csv").</summary>
    public static HttpContent Body(string format, params (Dictionary<string, object?> Props, string Wkt)[] features) =>
        format == "csv" ? Csv(features) : Json(features);

    public static HttpContent Json(params (Dictionary<string, object?> Props, string Wkt)[] features)
    {
        var reader = new WKTReader();
        var collection = new
        {
            type = "FeatureCollection",
            features = features.Select(f => new { type = "Feature", properties = f.Props, geometry = reader.Read(f.Wkt) }),
        };
        return Content(JsonSerializer.Serialize(collection, GeoJson), "application/geo+json");
    }

    public static HttpContent Csv(params (Dictionary<string, object?> Props, string Wkt)[] features)
    {
        var columns = features.SelectMany(f => f.Props.Keys).Distinct().ToList();
        var sb = new StringBuilder(string.Join(',', columns.Append("wkt"))).Append("\r\n");
        foreach (var (props, wkt) in features)
            sb.Append(string.Join(',', columns.Select(c => Quote(Format(props.GetValueOrDefault(c)))).Append(Quote(wkt)))).Append("\r\n");
        return Content(sb.ToString(), "text/csv");
    }

    private static string Format(object? v) => v switch
    {
        null => "",
        string[] a => string.Join(';', a),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => v.ToString() ?? "",
    };

    private static string Quote(string s) => s.Length == 0 ? "" : "\"" + s.Replace("\"", "\"\"") + "\"";

    public static HttpContent Content(string text, string mediaType) => Content(Encoding.UTF8.GetBytes(text), mediaType);

    public static HttpContent Content(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    /// <summary>Inserts this test's street (and optionally its community) directly, for tests of children.</summary>
    public async Task InsertParentsAsync(PostgisFixture fx, bool community)
    {
        await using var cmd = fx.Db.CreateCommand(
            "insert into street (code, name_zh, name_en, geom) values ($1, '测试街道', 'Test street', st_multi(st_geomfromtext($2, 4326)))");
        cmd.Parameters.Add(new() { Value = StreetCode });
        cmd.Parameters.Add(new() { Value = Street });
        await cmd.ExecuteNonQueryAsync();
        if (!community) return;
        await using var c = fx.Db.CreateCommand(
            "insert into community (code, street_id, name_zh, geom) select $1, id, '测试社区', st_multi(st_geomfromtext($2, 4326)) from street where code = $3");
        c.Parameters.Add(new() { Value = CommunityCode });
        c.Parameters.Add(new() { Value = Box(0, 0, 0.5, 1) });
        c.Parameters.Add(new() { Value = StreetCode });
        await c.ExecuteNonQueryAsync();
    }

    /// <summary>A facility category of this test's own.</summary>
    public static async Task<string> InsertCategoryAsync(PostgisFixture fx)
    {
        var code = "t_" + Guid.NewGuid().ToString("N")[..10];
        await using var cmd = fx.Db.CreateCommand("insert into facility_category (code, name_zh, name_en) values ($1, '测试', 'Test')");
        cmd.Parameters.Add(new() { Value = code });
        await cmd.ExecuteNonQueryAsync();
        return code;
    }

    /// <summary>Row counts and an md5 over every row of every table an import may touch (and the audit log).</summary>
    public static async Task<string> ChecksumAsync(PostgisFixture fx)
    {
        const string sql = """
            select string_agg(t || ':' || n || ':' || h, ' ' order by t) from (
                select 'street' t, count(*) n, md5(coalesce(string_agg(x::text, '|' order by x.id), '')) h from street x
                union all select 'community', count(*), md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from community x
                union all select 'grid', count(*), md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from grid x
                union all select 'facility', count(*), md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from facility x
                union all select 'facility_category', count(*), md5(coalesce(string_agg(x::text, '|' order by x.code), '')) from facility_category x
                union all select 'walk_node', count(*), md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from walk_node x
                union all select 'walk_edge', count(*), md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from walk_edge x
                union all select 'audit_log', count(*), md5(coalesce(string_agg(x::text, '|' order by x.id), '')) from audit_log x) s
            """;
        await using var cmd = fx.Db.CreateCommand(sql);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }
}
