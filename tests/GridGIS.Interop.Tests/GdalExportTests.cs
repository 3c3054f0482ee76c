using System.Diagnostics;
using System.Globalization;
using System.Net;
using GridGIS.Viewer.Tests.Browser;
using Npgsql;

namespace GridGIS.Interop.Tests;

/// <summary>
/// GDAL's ogrinfo reads every file <c>/api/export</c> writes (GeoJSON, CSV with its WKT column, zipped Shapefile through
/// /vsizip/, GeoPackage), for every collection of the demo and a run's results, with the database's feature count and the
/// geometry type of the layer. The files are fetched from the real server as the demo planner.
/// </summary>
public sealed class GdalExportTests(GdalServer fx) : IClassFixture<GdalServer>
{
    /// <summary>Layer, the query that counts it in the database, the geometry type ogrinfo reports for GeoJSON/GeoPackage and for a Shapefile.</summary>
    private static readonly (string Layer, string Count, string Geometry, string ShapefileGeometry)[] Layers =
    [
        ("streets", "select count(*) from street", "Multi Polygon", "Polygon"),
        ("communities", "select count(*) from community", "Multi Polygon", "Polygon"),
        ("grids", "select count(*) from grid", "Multi Polygon", "Polygon"),
        ("facilities", "select count(*) from facility", "Point", "Point"),
        // The demo's 210,000 edges are narrowed to Sanlitun's neighbourhood, counted with the same box.
        ("network", "select count(*) from walk_edge where geom && st_makeenvelope(116.44, 39.92, 116.46, 39.94, 4326)", "Line String", "Line String"),
    ];

    private const string NetworkBox = "116.44,39.92,116.46,39.94";

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var l in Layers) foreach (var f in new[] { "geojson", "csv", "shp", "gpkg" }) data.Add(l.Layer, f);
        return data;
    }

    [Theory, MemberData(nameof(Cases))]
    public async Task Ogrinfo_ReadsEachExport_WithTheDatabasesCountAndGeometryType(string layer, string format)
    {
        var (_, countSql, geometry, shapefileGeometry) = Layers.Single(l => l.Layer == layer);
        var query = layer == "network" ? $"?format={format}&bbox={NetworkBox}" : $"?format={format}";
        var info = await OgrinfoAsync($"/api/export/{layer}{query}", format, layer);
        Assert.Equal(await CountAsync(countSql), FeatureCount(info));
        // CSV: GDAL takes the WKT column as the geometry without knowing its type in advance; every feature has one.
        if (format == "csv") Assert.Contains("Geometry: Unknown (any)", info, StringComparison.Ordinal);
        else Assert.Contains($"Geometry: {(format == "shp" ? shapefileGeometry : geometry)}", info, StringComparison.Ordinal);
        if (format is "gpkg" or "geojson") Assert.Contains("WGS 84", info, StringComparison.Ordinal);
    }

    [Theory, InlineData("gpkg"), InlineData("shp")]
    public async Task Ogrinfo_ReadsRunResults_WithOneFeaturePerUnitAndCategory(string format)
    {
        var run = await LatestCompleteRunAsync();
        var grids = await OgrinfoAsync($"/api/export/runs/{run}/coverage_grids?format={format}", format, "coverage_grids");
        Assert.Equal(await CountAsync($"select count(*) from coverage_unit_result where run_id = {run} and level = 'grid'"), FeatureCount(grids));
        var gaps = await OgrinfoAsync($"/api/export/runs/{run}/gaps?format={format}", format, "gaps");
        Assert.Equal(await CountAsync($"select count(*) from coverage_gap where run_id = {run}"), FeatureCount(gaps));
    }

    /// <summary>Downloads the export to a temporary file and runs <c>ogrinfo -ro -so -al</c> on it (a zip through /vsizip/).</summary>
    private async Task<string> OgrinfoAsync(string url, string format, string layer)
    {
        using var client = new HttpClient { BaseAddress = new Uri(fx.Server.BaseUrl), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Authorization = new("Bearer", fx.Token);
        using var response = await client.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(bytes[..Math.Min(bytes.Length, 500)])}");
        var dir = Directory.CreateTempSubdirectory("gridgis-ogrinfo-").FullName;
        try
        {
            var ext = format switch { "shp" => ".zip", "geojson" => ".geojson", _ => "." + format };
            var path = Path.Combine(dir, layer + ext);
            await File.WriteAllBytesAsync(path, bytes);
            return await RunAsync("ogrinfo", "-ro", "-so", "-al", format == "shp" ? "/vsizip/" + path : path);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<string> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}: install gdal-bin");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(cts.Token);
        var error = await stderr;
        Assert.True(p.ExitCode == 0 && !error.Contains("ERROR", StringComparison.Ordinal), $"{program} {string.Join(' ', args)} exited {p.ExitCode}: {error}");
        return await stdout;
    }

    private static long FeatureCount(string ogrinfo) =>
        ogrinfo.Split('\n').Where(l => l.StartsWith("Feature Count:", StringComparison.Ordinal))
            .Sum(l => long.Parse(l["Feature Count:".Length..].Trim(), CultureInfo.InvariantCulture));

    private static async Task<long> CountAsync(string sql)
    {
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, db);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The latest complete run: the server starts one at start-up when there is none; waits up to 5 minutes for it.</summary>
    private static async Task<long> LatestCompleteRunAsync()
    {
        for (var waited = 0; waited < 300; waited += 2)
        {
            await using (var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB")))
            {
                await db.OpenAsync();
                await using var cmd = new NpgsqlCommand("select coverage_latest_run()", db);
                if (await cmd.ExecuteScalarAsync() is long run) return run;
            }
            await Task.Delay(TimeSpan.FromSeconds(2));
        }
        throw new TimeoutException("no complete coverage run within 5 minutes");
    }
}
