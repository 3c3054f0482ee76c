using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGIS.Viewer.Tests.Browser;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace GridGIS.Interop.Tests;

/// <summary>One server for every GDAL and QGIS test class (they run one after another): its caches (service areas) are shared.</summary>
[CollectionDefinition(Name)]
public sealed class GdalCollection : ICollectionFixture<GdalServer>
{
    public const string Name = "gdal";
}

/// <summary>
/// The server for the GDAL and QGIS tests, with a bearer token of the demo planner account; the demo has a complete
/// coverage run (one is run and waited for when it has none) and a few basemap features (generated here, removed after).
/// </summary>
public sealed class GdalServer : IAsyncLifetime
{
    public ServerProcess Server { get; } = new();
    public string Token { get; private set; } = "";
    private const string BasemapSource = "generated: interop tests";

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        using var planner = await Server.ClientAsAsync("planner");
        Token = planner.DefaultRequestHeaders.Authorization!.Parameter!;
        await ExecuteAsync($"""
            delete from basemap_feature where source = '{BasemapSource}';
            insert into basemap_feature (kind, class, name, name_zh, name_en, source, geom)
            select k.kind, k.class, k.name, k.name, k.name, '{BasemapSource}', k.g
              from (select st_centroid(st_extent(geom)) c from street) e,
                   lateral (values ('road', 'primary', 'Test road', st_makeline(st_translate(e.c, -0.004, -0.001), st_translate(e.c, 0.004, 0.001))),
                                   ('building', 'yes', 'Test building', st_expand(st_translate(e.c, 0.0005, 0.0005), 0.0002)),
                                   ('place', 'suburb', 'Test place', e.c)) k (kind, class, name, g)
            """);
        using var admin = await Server.ClientAsAsync("admin");
        if ((await admin.GetAsync("/api/coverage/runs/latest")).StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            var started = await admin.PostAsync("/api/coverage/runs", new StringContent("""{"mode":"network"}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.True(started.IsSuccessStatusCode, $"starting a coverage run: {await started.Content.ReadAsStringAsync()}");
        }
        var deadline = DateTime.UtcNow.AddMinutes(10);
        while ((await admin.GetAsync("/api/coverage/runs/latest")).StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("no complete coverage run after 10 minutes");
            await Task.Delay(1000);
        }
        // The service areas are traced once per network and facility set (seconds per category on a quiet machine, minutes on
        // a crowded one); trace them here, unhurried, so that GDAL's and QGIS's requests read them from the server's cache.
        using var patient = new HttpClient { BaseAddress = new Uri(Server.BaseUrl), Timeout = TimeSpan.FromMinutes(20) };
        patient.DefaultRequestHeaders.Authorization = admin.DefaultRequestHeaders.Authorization;
        var warm = await patient.GetAsync("/ogc/collections/service-areas/items?limit=1000");
        Assert.True(warm.IsSuccessStatusCode, $"tracing the service areas: {(int)warm.StatusCode} {await warm.Content.ReadAsStringAsync()}");
    }

    public async Task DisposeAsync()
    {
        await ExecuteAsync($"delete from basemap_feature where source = '{BasemapSource}'");
        await Server.DisposeAsync();
    }

    private static async Task ExecuteAsync(string sql)
    {
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        await cmd.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// GDAL's OAPIF driver reads GridGIS's OGC API - Features as QGIS's does: every collection listed with its
/// feature count, every collection copied by ogr2ogr into a GeoPackage with the same features and geometries.
/// Counts and geometries are compared with the database itself.
/// </summary>
[Collection(GdalCollection.Name)]
public sealed class GdalOgcTests(GdalServer fx)
{
    /// <summary>Each collection's features as the database holds them: key (the feature id) and geometry as WKT.</summary>
    private static readonly Dictionary<string, string> Stored = new()
    {
        ["streets"] = "select id::text, st_astext(geom) from street",
        ["communities"] = "select id::text, st_astext(geom) from community",
        ["grids"] = "select id::text, st_astext(geom) from grid",
        ["facilities"] = "select id::text, st_astext(geom) from facility",
        ["network"] = "select id::text, st_astext(geom) from walk_edge",
        ["basemap"] = "select id::text, st_astext(geom) from basemap_feature",
        ["gaps"] = "select category_code || '.' || gap_no, st_astext(geom) from coverage_gap where run_id = coverage_latest_run()",
        ["coverage-streets"] = Units("street"),
        ["coverage-communities"] = Units("community"),
        ["coverage-grids"] = Units("grid"),
    };

    private static string Units(string level) =>
        $"select u.category_code || '.' || u.unit_id, st_astext(t.geom) from coverage_unit_result u join {level} t on t.id = u.unit_id " +
        $"where u.run_id = coverage_latest_run() and u.level = '{level}'";

    /// <summary>Every collection: the stored ones and service areas (computed; counted as 3 bands per category with facilities).</summary>
    private static readonly string[] Collections = [.. Stored.Keys, "service-areas"];

    private string Endpoint => $"OAPIF:{fx.Server.BaseUrl}/ogc";

    /// <summary>Runs a GDAL program with the bearer token in GDAL_HTTP_HEADERS; its standard output, or a failure with its error text.</summary>
    private async Task<string> GdalAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GDAL_HTTP_HEADERS"] = $"Authorization: Bearer {fx.Token}";
        start.Environment["GDAL_HTTP_TIMEOUT"] = "120";
        start.Environment["CPL_VSIL_CURL_USE_CACHE"] = "NO";
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}: install gdal-bin");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await p.WaitForExitAsync(cts.Token);
        Assert.True(p.ExitCode == 0, $"{program} {string.Join(' ', args)} exited {p.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static async Task<long> CountAsync(string collection)
    {
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        var sql = collection == "service-areas" ? "select 3 * count(distinct category_code) from facility" : $"select count(*) from ({Stored[collection]}) s";
        await using var cmd = new NpgsqlCommand(sql, db);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static long FeatureCount(string ogrinfo) =>
        long.Parse(ogrinfo.Split('\n').Single(l => l.StartsWith("Feature Count:", StringComparison.Ordinal))["Feature Count:".Length..].Trim(), CultureInfo.InvariantCulture);

    [Fact]
    public async Task Ogrinfo_ListsEveryCollection_WithTheDatabasesFeatureCount()
    {
        var list = await GdalAsync("ogrinfo", "-ro", "-q", Endpoint);
        foreach (var c in Collections) Assert.Contains($": {c}", list);
        foreach (var c in Collections)
        {
            var info = await GdalAsync("ogrinfo", "-ro", "-so", Endpoint, c);
            Assert.Equal(await CountAsync(c), FeatureCount(info));
        }
    }

    [Theory]
    [InlineData("streets")]
    [InlineData("communities")]
    [InlineData("grids")]
    [InlineData("facilities")]
    [InlineData("network")]
    [InlineData("basemap")]
    [InlineData("gaps")]
    [InlineData("coverage-streets")]
    [InlineData("coverage-communities")]
    [InlineData("coverage-grids")]
    [InlineData("service-areas")]
    public async Task Ogr2ogr_CopiesTheCollectionToAGeoPackage_WithTheSameFeaturesAndGeometries(string collection)
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-ogr-");
        try
        {
            var gpkg = Path.Combine(dir.FullName, $"{collection}.gpkg");
            var layer = collection.Replace('-', '_');
            // -preserve_fid: GDAL reads a whole-number id as the FID; text ids (category.number) become the field "id"
            await GdalAsync("ogr2ogr", "-f", "GPKG", "-preserve_fid", "-nln", layer, gpkg, Endpoint, collection, "-oo", "PAGE_SIZE=1000");
            var expectedCount = await CountAsync(collection);
            Assert.Equal(expectedCount, FeatureCount(await GdalAsync("ogrinfo", "-ro", "-so", gpkg, layer)));
            Assert.True(expectedCount > 0, $"the demo has no {collection}: the comparison would prove nothing");

            // the geometries, read back from the GeoPackage as WKT, against the database's own (service areas: /api's)
            var textIds = !Stored.ContainsKey(collection) || collection is "gaps" or "coverage-streets" or "coverage-communities" or "coverage-grids";
            var csv = Path.Combine(dir.FullName, $"{collection}.csv");
            await GdalAsync("ogr2ogr", "-f", "CSV", csv, gpkg, "-dialect", "sqlite",
                "-sql", $"select {(textIds ? "id" : "cast(fid as integer) + 0")} as gid, geom from {layer}", "-lco", "GEOMETRY=AS_WKT");
            var reader = new WKTReader();
            var copied = File.ReadLines(csv).Skip(1).Select(ParseCsvLine).ToDictionary(r => r[1], r => reader.Read(r[0]));
            var stored = collection == "service-areas" ? await ServiceAreasAsync(copied.Keys) : await StoredAsync(Stored[collection]);
            foreach (var (key, geometry) in stored)
            {
                Assert.True(copied.TryGetValue(key, out var copy), $"{collection} {key} was not copied");
                // the same shape within 1e-7 degrees (RFC 7946's 7 decimals), whatever the ring order or the line's direction
                // (normalising orders a line by its end points, which rounding to 7 decimals can swap)
                Assert.True(geometry.Normalized().EqualsExact(copy.Normalized(), 1.01e-7) || geometry.EqualsExact(copy, 1.01e-7)
                    || geometry.Reverse().EqualsExact(copy, 1.01e-7), $"{collection} {key} differs: {copy} vs {geometry}");
            }
            Assert.Equal(copied.Count, stored.Count);
        }
        finally { dir.Delete(true); }
    }

    private static async Task<Dictionary<string, Geometry>> StoredAsync(string sql)
    {
        var reader = new WKTReader();
        var stored = new Dictionary<string, Geometry>();
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) stored[r.GetString(0)] = reader.Read(r.GetString(1));
        return stored;
    }

    /// <summary>Each category's 5/10/15-minute bands as /api/service-areas draws them, keyed category.minutes.</summary>
    private async Task<Dictionary<string, Geometry>> ServiceAreasAsync(IEnumerable<string> keys)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fx.Server.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fx.Token);
        var areas = new Dictionary<string, Geometry>();
        var reducer = new NetTopologySuite.Precision.GeometryPrecisionReducer(new PrecisionModel(1e7)) { Pointwise = true };
        foreach (var category in keys.Select(k => k[..k.LastIndexOf('.')]).Distinct())
        {
            using var fc = JsonDocument.Parse(await http.GetStringAsync($"/api/service-areas?category={category}&bands=5,10,15"));
            foreach (var f in fc.RootElement.GetProperty("features").EnumerateArray())
                areas[$"{category}.{f.GetProperty("properties").GetProperty("minutes").GetDouble().ToString(CultureInfo.InvariantCulture)}"] =
                    reducer.Reduce(Polygonal(f.GetProperty("geometry")));
        }
        return areas;
    }

    /// <summary>A GeoJSON Polygon or MultiPolygon as a NetTopologySuite geometry.</summary>
    private static Geometry Polygonal(JsonElement g)
    {
        var factory = new GeometryFactory();
        LinearRing Ring(JsonElement r) => factory.CreateLinearRing(r.EnumerateArray().Select(c => new Coordinate(c[0].GetDouble(), c[1].GetDouble())).ToArray());
        Polygon Polygon(JsonElement p) { var rings = p.EnumerateArray().Select(Ring).ToArray(); return factory.CreatePolygon(rings[0], rings[1..]); }
        var coordinates = g.GetProperty("coordinates");
        return g.GetProperty("type").GetString() == "Polygon" ? Polygon(coordinates)
            : factory.CreateMultiPolygon(coordinates.EnumerateArray().Select(Polygon).ToArray());
    }

    /// <summary>One line of ogr2ogr's CSV: WKT (quoted) then the id.</summary>
    private static string[] ParseCsvLine(string line)
    {
        var fields = new List<string>();
        var i = 0;
        while (i <= line.Length)
        {
            if (i < line.Length && line[i] == '"')
            {
                var end = line.IndexOf('"', i + 1);
                fields.Add(line[(i + 1)..end]);
                i = end + 2;
            }
            else
            {
                var end = line.IndexOf(',', i);
                if (end < 0) end = line.Length;
                fields.Add(line[i..end]);
                i = end + 1;
            }
        }
        return [.. fields];
    }
}
