using Microsoft.Playwright;
using Npgsql;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// The map's own vector basemap, on by default: the test inserts its own basemap_feature rows (a named
/// primary road, water, green, a building, a place; source 'h17-test', removed afterwards) and finds them
/// drawn from /tiles/basemap, with the walking network's tiles beneath.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BasemapTests(BrowserFixture fx)
{
    private const string Source = "h17-test";

    [Fact]
    public async Task Basemap_DrawsOwnRoadsWaterAndPlaces_WhenSignedIn()
    {
        var cs = Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB") ?? throw new InvalidOperationException("GRIDGIS_TEST_DB is not set");
        await using var db = NpgsqlDataSource.Create(cs);
        await ExecAsync(db, "delete from basemap_feature where source = $1", Source);
        await ExecAsync(db, """
            insert into basemap_feature (kind, class, name, name_zh, name_en, source, source_id, geom) values
              ('road', 'primary', '测试大街', '测试大街', 'Test Avenue', $1, 'road', st_geomfromtext('LINESTRING(116.440 39.9530, 116.460 39.9530)', 4326)),
              ('water', 'lake', '测试湖', '测试湖', 'Test Lake', $1, 'water', st_geomfromtext('POLYGON((116.446 39.9540, 116.449 39.9540, 116.449 39.9560, 116.446 39.9560, 116.446 39.9540))', 4326)),
              ('green', 'park', '测试公园', '测试公园', 'Test Park', $1, 'green', st_geomfromtext('POLYGON((116.451 39.9540, 116.454 39.9540, 116.454 39.9560, 116.451 39.9560, 116.451 39.9540))', 4326)),
              ('building', '', null, null, null, $1, 'building', st_geomfromtext('POLYGON((116.4555 39.9540, 116.4565 39.9540, 116.4565 39.9546, 116.4555 39.9546, 116.4555 39.9540))', 4326)),
              ('place', 'neighbourhood', '测试小区', '测试小区', 'Test Estate', $1, 'place', st_geomfromtext('POINT(116.4475 39.9520)', 4326))
            """, Source);
        try
        {
            await using var vp = await ViewerPage.OpenAsync(fx);
            await vp.SignInAsync("planner");
            Assert.True(await vp.Page.GetByTestId("basemap-basemap").IsCheckedAsync(), "the own basemap is not on by default");
            await vp.Page.EvaluateAsync("c => { const v = window.gridgis.map.getView(); v.setCenter(c); v.setZoom(16); }", Mercator(116.450, 39.9535));
            await vp.WaitForMapAsync(timeoutMs: 60_000);

            // What the basemap draws at a point: the features of its vector tiles under that pixel.
            async Task<string[]> KindsAtAsync(double lon, double lat, int layer) => await vp.Page.EvaluateAsync<string[]>("""
                async ([c, i]) => {
                  const m = window.gridgis.map;
                  const px = m.getPixelFromCoordinate(c);
                  const group = window.gridgis.basemaps.find(b => b.get('id') === 'basemap');
                  const fs = await group.getLayers().item(i).getFeatures(px);
                  return fs.map(f => `${f.get('kind') ?? 'edge'}:${f.get('name_zh') ?? ''}`);
                }
                """, new object[] { Mercator(lon, lat), layer });
            Assert.Contains("road:测试大街", await KindsAtAsync(116.452, 39.9530, 1));
            Assert.Contains("water:测试湖", await KindsAtAsync(116.4475, 39.9550, 1));
            Assert.Contains("green:测试公园", await KindsAtAsync(116.4525, 39.9550, 1));
            Assert.Contains("building:", await KindsAtAsync(116.4560, 39.9543, 1));
            // The walking network beneath: its tiles are fetched at this zoom.
            var networkTiles = await vp.Page.EvaluateAsync<int>("() => performance.getEntriesByType('resource').filter(e => e.name.includes('/tiles/network/')).length");
            Assert.True(networkTiles > 0, "no walking-network tiles were requested");
            Assert.True(await vp.Page.EvaluateAsync<int>("() => performance.getEntriesByType('resource').filter(e => e.name.includes('/tiles/basemap/')).length") > 0);
            await MapActions.ScreenshotBothAsync(vp, "h17-basemap");

            // English names in English.
            await vp.Page.GetByTestId("lang").ClickAsync();
            await vp.WaitForMapAsync(timeoutMs: 60_000);
            await vp.ScreenshotAsync("h17-basemap-english-1400");
            vp.AssertNoErrors();
        }
        finally
        {
            await ExecAsync(db, "delete from basemap_feature where source = $1", Source);
        }
    }

    /// <summary>WGS84 lon/lat to Web Mercator metres (EPSG:3857).</summary>
    internal static double[] Mercator(double lon, double lat) =>
        [lon * 20037508.342789244 / 180, Math.Log(Math.Tan((90 + lat) * Math.PI / 360)) * 6378137];

    private static async Task ExecAsync(NpgsqlDataSource db, string sql, string source)
    {
        await using var cmd = db.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter { Value = source });
        await cmd.ExecuteNonQueryAsync();
    }
}
