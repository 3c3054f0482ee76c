using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGIS.Core.Export;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Tests.Features.Grids;

/// <summary>Households from a GIS office's point layer: a zipped Shapefile or a GeoPackage, checked by the CSV's rules, assigned to grids.</summary>
[Collection(PostgisCollection.Name)]
public sealed class HouseholdFileImportTests(PostgisFixture fx)
{
    private static readonly ExportSchema Points = new("households", "Point",
        [new("address", ExportFieldType.Text), new("residents", ExportFieldType.Integer), new("foreign_residents", ExportFieldType.Integer),
         new("nationalities", ExportFieldType.Text)]);

    private static byte[] File(ExportFormat format, params (double X, double Y, object?[] Values)[] rows)
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-hh-").FullName;
        try
        {
            using var w = FeatureFileWriter.Create(format, Points, dir);
            foreach (var (x, y, values) in rows) w.Write(new ExportFeature(new Point(x, y), values));
            return System.IO.File.ReadAllBytes(w.Complete());
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static ByteArrayContent Body(byte[] bytes, string mediaType)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType);
        return content;
    }

    [Theory, InlineData(ExportFormat.Shp, "application/zip"), InlineData(ExportFormat.Gpkg, "application/geopackage+sqlite3")]
    public async Task Import_TakesShapefileAndGeoPackagePoints_AndAssignsThem(ExportFormat format, string mediaType)
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        var grid = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var bytes = File(format, (d.X(2), d.Y(2), ["朝阳路 1号, 2单元", 3L, 2L, "KR:1;US:1"]), (d.X(3), d.Y(3), [null, 5L, 0L, null]));
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/households/import", Body(bytes, mediaType));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {text}");
        using (var doc = JsonDocument.Parse(text)) Assert.Equal(2, doc.RootElement.GetProperty("imported").GetInt32());
        Assert.Equal(1L, await d.ScalarAsync<long>(
            "select count(*) from household where grid_id = $1 and address = '朝阳路 1号, 2单元' and residents = 3 and foreign_residents = 2", grid));
        Assert.Equal(2L, await d.ScalarAsync<long>("select count(*) from household where grid_id = $1", grid));
    }

    [Fact]
    public async Task Import_RejectsBadRecords_WithTheirNumber_AndWritesNothing()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var bytes = File(ExportFormat.Gpkg, (d.X(2), d.Y(2), ["ok", 3L, 0L, null]), (d.X(3), d.Y(3), ["too many foreigners", 3L, 5L, "KR:5"]));
        var checksum = await d.HouseholdChecksumAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/households/import", Body(bytes, "application/geopackage+sqlite3"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var e = doc.RootElement.GetProperty("errors")[0];
        Assert.Equal((3, "foreign_residents"), (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString()));   // record 1 = line 3
        Assert.Equal(checksum, await d.HouseholdChecksumAsync());
    }
}
