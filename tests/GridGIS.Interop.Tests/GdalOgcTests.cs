using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using GridGIS.Viewer.Tests.Browser;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Npgsql;

namespace GridGIS.Interop.Tests;

/// <summary>The server for the GDAL tests, with a bearer token of the demo planner account.</summary>
public sealed class GdalServer : IAsyncLifetime
{
    public ServerProcess Server { get; } = new();
    public string Token { get; private set; } = "";

    public async Task InitializeAsync()
    {
        await Server.InitializeAsync();
        using var planner = await Server.ClientAsAsync("planner");
        Token = planner.DefaultRequestHeaders.Authorization!.Parameter!;
    }

    public Task DisposeAsync() => Server.DisposeAsync();
}

/// <summary>
/// GDAL's OAPIF driver reads GridGIS's OGC API - Features as QGIS's does: every collection listed with its
/// feature count, every collection copied by ogr2ogr into a GeoPackage with the same features and geometries.
/// Counts and geometries are compared with the database itself.
/// </summary>
public sealed class GdalOgcTests(GdalServer fx) : IClassFixture<GdalServer>
{
    private static readonly string[] Collections = ["streets", "communities", "grids", "facilities", "network"];
    private static readonly Dictionary<string, string> Tables = new()
    {
        ["streets"] = "street", ["communities"] = "community", ["grids"] = "grid", ["facilities"] = "facility", ["network"] = "walk_edge",
    };

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

    private static async Task<long> CountAsync(string table)
    {
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select count(*) from {table}", db);
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
            Assert.Equal(await CountAsync(Tables[c]), FeatureCount(info));
        }
    }

    [Theory]
    [InlineData("streets")]
    [InlineData("communities")]
    [InlineData("grids")]
    [InlineData("facilities")]
    public async Task Ogr2ogr_CopiesTheCollectionToAGeoPackage_WithTheSameFeaturesAndGeometries(string collection)
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-ogr-");
        try
        {
            var gpkg = Path.Combine(dir.FullName, $"{collection}.gpkg");
            // -preserve_fid: GDAL reads each feature's id as its FID
            await GdalAsync("ogr2ogr", "-f", "GPKG", "-preserve_fid", gpkg, Endpoint, collection, "-oo", "PAGE_SIZE=1000");
            Assert.Equal(await CountAsync(Tables[collection]), FeatureCount(await GdalAsync("ogrinfo", "-ro", "-so", gpkg, collection)));

            // the geometries, read back from the GeoPackage as WKT, against the database's own
            var csv = Path.Combine(dir.FullName, $"{collection}.csv");
            await GdalAsync("ogr2ogr", "-f", "CSV", csv, gpkg, "-dialect", "sqlite",
                "-sql", $"select cast(fid as integer) + 0 as gid, geom from {collection}", "-lco", "GEOMETRY=AS_WKT");
            var reader = new WKTReader();
            var copied = File.ReadLines(csv).Skip(1).Select(ParseCsvLine)
                .ToDictionary(r => long.Parse(r[1], CultureInfo.InvariantCulture), r => reader.Read(r[0]));
            await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
            await db.OpenAsync();
            await using var cmd = new NpgsqlCommand($"select id, st_astext(geom) from {Tables[collection]}", db);
            await using var r = await cmd.ExecuteReaderAsync();
            var compared = 0;
            while (await r.ReadAsync())
            {
                var stored = reader.Read(r.GetString(1));
                Assert.True(copied.TryGetValue(r.GetInt64(0), out var copy), $"{collection} {r.GetInt64(0)} was not copied");
                // the same shape within 1e-7 degrees (RFC 7946's 7 decimals), whatever the ring order
                Assert.True(stored.Normalized().EqualsExact(copy.Normalized(), 1.01e-7), $"{collection} {r.GetInt64(0)} differs: {copy} vs {stored}");
                compared++;
            }
            Assert.Equal(copied.Count, compared);
        }
        finally { dir.Delete(true); }
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
