using GridGIS.Core.Geo;
using Microsoft.Playwright;
using Npgsql;
using SkiaSharp;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// An external basemap in GCJ-02 (AMap, Tencent): tiles served by the test (<see cref="GcjTileServer"/>) draw a
/// north-south road at its GCJ-02 position; a facility inserted 30 m along that road (WGS84, as stored) must be drawn
/// on the road within 2 m when the server says <c>Viewer:TileCrs=gcj02</c>, and is ~500 m beside it when the same
/// tiles are declared plain Web Mercator (<c>wgs84</c>): the shift the issue complains of.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class GcjBasemapTests(BrowserFixture fx, Xunit.Abstractions.ITestOutputHelper output)
{
    private const string FacilityName = "GCJ-02 测试设施 (h17gcj)";
    private const double RoadLon = 116.4700, RoadSouth = 39.9400, RoadNorth = 39.9600, Reference = 39.9500;
    /// <summary>The facility: 30 m north of the reference point along the road (metres per degree of latitude, WGS84 at 40N).</summary>
    private static readonly double FacilityLat = Reference + 30.0 / 111_034.0;

    [Fact]
    public async Task GcjBasemap_DrawsFacilityOnItsRoad_WhenTileCrsIsGcj02()
    {
        using var tiles = new GcjTileServer([(RoadLon, RoadSouth), (RoadLon, Reference), (RoadLon, RoadNorth)], widthPx: 8);
        await using var db = NpgsqlDataSource.Create(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB")
                                                     ?? throw new InvalidOperationException("GRIDGIS_TEST_DB is not set"));
        await ExecAsync(db, "delete from facility where name = $1");
        await ExecAsync(db, "insert into facility (category_code, name, geom) select min(code), $1, st_setsrid(st_makepoint($2, $3), 4326) from facility_category",
            RoadLon, FacilityLat);
        try
        {
            var gcj = await OffRoadMetresAsync(tiles, "gcj02", zoom: 17, "h17-gcj02-basemap");
            output.WriteLine($"gcj02: the facility is {gcj:F2} m from the road's centre line");
            Assert.True(gcj < 2.0, $"on the GCJ-02 basemap the facility is {gcj:F2} m from its road (at most 2 m)");

            var plain = await OffRoadMetresAsync(tiles, "wgs84", zoom: 16, "h17-gcj02-tiles-as-wgs84");
            output.WriteLine($"tiles declared wgs84: the facility is {plain:F1} m from the road's centre line");
            Assert.True(plain is > 300 and < 800, $"the same tiles declared plain Web Mercator put the road {plain:F0} m from the facility (expected the ~500 m GCJ-02 shift)");
            Assert.True(tiles.Served > 0, "no tile was fetched from the test's tile server");
        }
        finally
        {
            await ExecAsync(db, "delete from facility where name = $1");
        }
    }

    [Fact]
    public async Task Server_RefusesToStart_WhenTileCrsIsUnknown()
    {
        var server = new ServerProcess(null, null, new Dictionary<string, string> { ["Viewer__TileCrs"] = "bd09", ["Coverage__RunAtStartup"] = "false" });
        try
        {
            var e = await Assert.ThrowsAsync<InvalidOperationException>(server.InitializeAsync);
            Assert.Contains("Viewer:TileCrs is 'bd09'", e.Message, StringComparison.Ordinal);
        }
        finally { await server.DisposeAsync(); }
    }

    [Fact]
    public async Task Gcj02Transform_EqualsCore_ToOneNanodegree()
    {
        (double Lon, double Lat)[] points = [(116.4700, 39.9500), (121.4737, 31.2304), (114.0579, 22.5431), (87.6168, 43.8256), (126.5349, 45.8038), (2.35, 48.85)];
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        foreach (var (lon, lat) in points)
        {
            var forward = await vp.Page.EvaluateAsync<double[]>("([x, y]) => window.gridgisGcj02.wgs84ToGcj02(x, y)", new[] { lon, lat });
            var core = ChinaCoordinates.Wgs84ToGcj02(lon, lat);
            Assert.Equal(core.Lon, forward[0], 1e-9);
            Assert.Equal(core.Lat, forward[1], 1e-9);
            var inverse = await vp.Page.EvaluateAsync<double[]>("([x, y]) => window.gridgisGcj02.gcj02ToWgs84(x, y)", new[] { core.Lon, core.Lat });
            var coreInverse = ChinaCoordinates.Gcj02ToWgs84(core.Lon, core.Lat);
            Assert.Equal(coreInverse.Lon, inverse[0], 1e-9);
            Assert.Equal(coreInverse.Lat, inverse[1], 1e-9);
        }
    }

    /// <summary>
    /// Opens the viewer of a server whose external basemap is the test's tiles in <paramref name="tileCrs"/>, centred on the
    /// facility, and measures in the rendered map how far (ground metres) the facility's pixel is from the centre of the
    /// road's red line along the facility's pixel row; infinity when the road is not in that row.
    /// </summary>
    private async Task<double> OffRoadMetresAsync(GcjTileServer tiles, string tileCrs, int zoom, string screenshot)
    {
        var server = new ServerProcess(null, null, new Dictionary<string, string>
        {
            ["Viewer__TileUrl"] = tiles.Template, ["Viewer__TileCrs"] = tileCrs, ["Viewer__TileAttribution"] = "Test tiles (GCJ-02)",
            ["Coverage__RunAtStartup"] = "false",
        });
        try
        {
            await server.InitializeAsync();
            return await MeasureAsync(server, zoom, tileCrs, screenshot);
        }
        finally { await server.DisposeAsync(); }
    }

    private async Task<double> MeasureAsync(ServerProcess server, int zoom, string tileCrs, string screenshot)
    {
        await using var vp = await ViewerPage.OpenAsync(fx, server, fx.Server.Password);
        await vp.SignInAsync("planner");
        Assert.Equal(tileCrs, await vp.Page.EvaluateAsync<string>("() => window.gridgis.config.tileCrs"));
        await vp.Page.EvaluateAsync("([c, z]) => { const v = window.gridgis.map.getView(); v.setCenter(c); v.setZoom(z); }",
            new object[] { BasemapTests.Mercator(RoadLon, FacilityLat), zoom });
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        StringAssert(await vp.Page.Locator(".ol-attribution").InnerTextAsync(), "Test tiles (GCJ-02)");
        await vp.ScreenshotAsync(screenshot + "-1400");

        // Where the facilities layer draws the inserted facility (from /api/facilities, as every user sees it).
        var pixel = await vp.Page.EvaluateAsync<double[]?>("""
            name => {
              const m = window.gridgis.map;
              const f = window.gridgis.byId('facilities').getSource().getFeatures().find(x => x.get('name') === name);
              return f ? m.getPixelFromCoordinate(f.getGeometry().getCoordinates()) : null;
            }
            """, FacilityName);
        Assert.True(pixel is not null, "the facility is not in the facilities layer");
        // Only the external basemap, so that the red measured is the road's.
        var metresPerPixel = await vp.Page.EvaluateAsync<double>("""
            lat => {
              const m = window.gridgis.map;
              for (const l of m.getAllLayers()) l.setVisible(l.get('id') === 'external');
              return m.getView().getResolution() * Math.cos(lat * Math.PI / 180);
            }
            """, FacilityLat);
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        vp.AssertNoErrors();
        var png = await vp.Page.Locator("#map").ScreenshotAsync();
        using var bitmap = SKBitmap.Decode(png);
        return RoadCentreOffsetPixels(bitmap, pixel![0], (int)Math.Round(pixel[1])) * metresPerPixel;
    }

    /// <summary>
    /// Pixels along row <paramref name="row"/> from <paramref name="x"/> to the centre (redness-weighted) of the nearest
    /// run of red pixels; infinity when the row has none.
    /// </summary>
    private static double RoadCentreOffsetPixels(SKBitmap bitmap, double x, int row)
    {
        var best = double.PositiveInfinity;
        double weight = 0, sum = 0;
        for (var i = 0; i <= bitmap.Width; i++)
        {
            var c = i < bitmap.Width ? bitmap.GetPixel(i, row) : SKColors.White;
            var redness = Math.Max(0, c.Red - Math.Max(c.Green, c.Blue)) / 255.0;
            if (redness > 0.1) { weight += redness; sum += redness * (i + 0.5); continue; }
            if (weight > 0 && Math.Abs(sum / weight - x) < Math.Abs(best)) best = sum / weight - x;
            weight = 0; sum = 0;
        }
        return Math.Abs(best);
    }

    private static void StringAssert(string actual, string expected) => Assert.Contains(expected, actual, StringComparison.Ordinal);

    private static async Task ExecAsync(NpgsqlDataSource db, string sql, params object[] values)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = FacilityName });
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync();
    }
}
