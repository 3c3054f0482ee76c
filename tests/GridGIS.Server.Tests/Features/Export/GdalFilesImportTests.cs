using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Import;
using GridGIS.Server.Tests.Infrastructure;
using static GridGIS.Server.Tests.Features.Import.ImportTestFiles;

namespace GridGIS.Server.Tests.Features.Export;

/// <summary>
/// Files made by GDAL's ogr2ogr (Debian's gdal-bin), as a city's GIS office makes them, imported through the API on real
/// PostGIS: Shapefiles and GeoPackages in CGCS2000 (EPSG:4490) and its Gauss-Kruger zones (CM 117E, EPSG:4548; zone 39 with
/// the zone in the easting, EPSG:4527), a GBK-encoded Shapefile whose Chinese names must survive, and a clockwise source ring
/// that must be stored counter-clockwise.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class GdalFilesImportTests(PostgisFixture fx)
{
    private readonly ImportTestFiles _t = new();

    /// <summary>
    /// The CRS: CGCS2000 lon/lat, or the 3-degree Gauss-Kruger zone that holds this test's street (a zone is used within
    /// 1.5 degrees of its central meridian), without ("gk": EPSG:4534..4554) or with its number in the easting ("gk-zone":
    /// EPSG:4513..4533).
    /// </summary>
    private string Srs(string crs)
    {
        var cm = GridGIS.Core.Geo.LocalProjection.ZoneCentralMeridian(_t.Lon + 0.005);
        return crs switch
        {
            "gk" => $"EPSG:{GridGIS.Core.Geo.CityProfile.EpsgOfCentralMeridian(cm)}",
            "gk-zone" => $"EPSG:{4513 + ((int)cm - 75) / 3}",
            _ => "EPSG:4490",
        };
    }

    [Theory]
    [InlineData("shp", "cgcs2000", "UTF-8")]
    [InlineData("shp", "gk", "GBK")]
    [InlineData("shp", "gk-zone", "GB18030")]
    [InlineData("gpkg", "cgcs2000", null)]
    [InlineData("gpkg", "gk", null)]
    [InlineData("gpkg", "gk-zone", null)]
    public async Task Ogr2ogrFile_ImportsWithItsCrsAndEncoding(string format, string crs, string? encoding)
    {
        var srs = Srs(crs);
        var dir = Directory.CreateTempSubdirectory("gridgis-gdal-").FullName;
        try
        {
            // The street's ring as a surveyor might send it: clockwise.
            var ring = _t.Street.Replace("POLYGON((", "", StringComparison.Ordinal).TrimEnd(')').Split(", ").Reverse();
            var clockwise = "POLYGON((" + string.Join(", ", ring) + "))";
            const string name = "三里屯街道（测试）";
            var source = Path.Combine(dir, "source.geojson");
            var json = (await Json((Props(("code", _t.StreetCode), ("name_zh", name), ("name_en", "Sanlitun")), clockwise)).ReadAsStringAsync());
            await File.WriteAllTextAsync(source, json);

            byte[] body;
            string mediaType;
            if (format == "shp")
            {
                var shpDir = Directory.CreateDirectory(Path.Combine(dir, "shp")).FullName;
                Ogr2ogr("-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", srs, "-lco", $"ENCODING={encoding}", Path.Combine(shpDir, "streets.shp"), source);
                Assert.True(File.Exists(Path.Combine(shpDir, "streets.prj")) && File.Exists(Path.Combine(shpDir, "streets.cpg")), "ogr2ogr wrote no .prj or .cpg");
                var zip = Path.Combine(dir, "streets.zip");
                ZipFile.CreateFromDirectory(shpDir, zip);
                body = await File.ReadAllBytesAsync(zip);
                mediaType = "application/zip";
                if (encoding != "UTF-8")
                {
                    // The name really is stored in the local encoding: no UTF-8 bytes of it in the .dbf.
                    var dbf = await File.ReadAllBytesAsync(Path.Combine(shpDir, "streets.dbf"));
                    Assert.True(dbf.AsSpan().IndexOf(Encoding.UTF8.GetBytes("三里屯")) < 0, "the .dbf holds UTF-8, not " + encoding);
                }
            }
            else
            {
                var gpkg = Path.Combine(dir, "streets.gpkg");
                Ogr2ogr("-f", "GPKG", "-s_srs", "EPSG:4326", "-t_srs", srs, gpkg, source);
                body = await File.ReadAllBytesAsync(gpkg);
                mediaType = "application/geopackage+sqlite3";
            }

            var admin = await fx.ClientAsAsync(Roles.Administrator);
            var response = await admin.PostAsync("/api/import/streets", Content(body, mediaType));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");

            await using var cmd = fx.Db.CreateCommand("""
                select name_zh, st_orderingequals(st_snaptogrid(geom, 1e-7), st_snaptogrid(st_multi(st_forcepolygonccw(st_geomfromtext($2, 4326))), 1e-7)),
                       st_hausdorffdistance(geom, st_geomfromtext($2, 4326)), st_ispolygonccw(geom)
                  from street where code = $1
                """);
            cmd.Parameters.Add(new() { Value = _t.StreetCode });
            cmd.Parameters.Add(new() { Value = _t.Street });
            await using var r = await cmd.ExecuteReaderAsync();
            Assert.True(await r.ReadAsync(), "the street was not stored");
            Assert.Equal(name, r.GetString(0));
            Assert.True(r.GetDouble(2) < 1e-7, $"stored {r.GetDouble(2)} degrees away from the source");
            Assert.True(r.GetBoolean(3), "the stored exterior ring is clockwise");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Ogr2ogrShapefile_InBeijing1954_IsRefusedNamingTheDatum()
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-gdal-").FullName;
        try
        {
            var source = Path.Combine(dir, "source.geojson");
            await File.WriteAllTextAsync(source, await Json((Props(("code", _t.StreetCode), ("name_zh", "街道")), _t.Street)).ReadAsStringAsync());
            var shpDir = Directory.CreateDirectory(Path.Combine(dir, "shp")).FullName;
            Ogr2ogr("-f", "ESRI Shapefile", "-s_srs", "EPSG:4326", "-t_srs", "EPSG:4214", Path.Combine(shpDir, "streets.shp"), source);
            var zip = Path.Combine(dir, "streets.zip");
            ZipFile.CreateFromDirectory(shpDir, zip);
            var admin = await fx.ClientAsAsync(Roles.Administrator);
            var response = await admin.PostAsync("/api/import/streets", Content(await File.ReadAllBytesAsync(zip), "application/zip"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("\"field\":\"prj\"", text, StringComparison.Ordinal);
            Assert.Contains("Beijing 1954", text, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static void Ogr2ogr(params string[] args)
    {
        var start = new ProcessStartInfo("ogr2ogr") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var p = Process.Start(start)!;
        var stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"ogr2ogr {string.Join(' ', args)}: {stderr}");
    }
}
