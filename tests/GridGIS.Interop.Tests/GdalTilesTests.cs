using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace GridGIS.Interop.Tests;

/// <summary>GDAL's MVT driver reads a vector tile of every layer, with the layer's attributes, over HTTP with a bearer token.</summary>
[Collection(GdalCollection.Name)]
public sealed class GdalTilesTests(GdalServer fx)
{
    [Theory]
    [InlineData("streets", "street", "name_zh")]
    [InlineData("communities", "community", "street_code")]
    [InlineData("grids", "grid", "kind")]
    [InlineData("facilities", "facility", "category")]
    [InlineData("network", "walk_edge", "length_m")]
    [InlineData("basemap", "basemap_feature", "kind")]
    [InlineData("service-areas", "facility", "minutes")]
    [InlineData("gaps", "(select gap_no as id, geom from coverage_gap where run_id = coverage_latest_run()) g", "gapNo")]
    [InlineData("coverage-streets", "street", "shareCovered")]
    [InlineData("coverage-communities", "community", "category")]
    [InlineData("coverage-grids", "grid", "withheld")]
    public async Task OgrinfoReadsATileOfTheLayer_WithItsAttributes(string layer, string table, string attribute)
    {
        // the tile at zoom 15 around one of the layer's features (service areas: around a facility)
        await using var db = new NpgsqlConnection(Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB"));
        await db.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select st_x(p), st_y(p) from (select st_pointonsurface(geom) p from {table} order by id limit 1) s", db);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"the demo has no {table}");
        var (x, y) = TileOf(r.GetDouble(0), r.GetDouble(1), 15);

        var start = new ProcessStartInfo("ogrinfo") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-ro", "-al", "-so", $"MVT:/vsicurl/{fx.Server.BaseUrl}/tiles/{layer}/15/{x}/{y}.mvt" }) start.ArgumentList.Add(a);
        start.Environment["GDAL_HTTP_HEADERS"] = $"Authorization: Bearer {fx.Token}";
        start.Environment["CPL_VSIL_CURL_USE_HEAD"] = "NO";
        start.Environment["GDAL_DISABLE_READDIR_ON_OPEN"] = "EMPTY_DIR";
        using var p = Process.Start(start)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        var stderr = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"ogrinfo exited {p.ExitCode}: {stderr}");
        Assert.Contains($"Layer name: {layer}", stdout);
        var count = long.Parse(stdout.Split('\n').First(l => l.StartsWith("Feature Count:", StringComparison.Ordinal))["Feature Count:".Length..].Trim(), CultureInfo.InvariantCulture);
        Assert.True(count > 0, $"the {layer} tile is empty:\n{stdout}");
        Assert.Contains($"{attribute}:", stdout);
    }

    private static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var rad = lat * Math.PI / 180;
        return ((int)Math.Floor((lon + 180) / 360 * n), (int)Math.Floor((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n));
    }
}
