using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Grids;

[Collection(PostgisCollection.Name)]
public sealed class HouseholdImportTests(PostgisFixture fx)
{
    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");

    [Fact]
    public async Task Import_RejectsBadRows_WithLineAndField_AndWritesNothing()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var csv = string.Join("\n",
            "address,lon,lat,crs,residents,foreign_residents,nationalities",
            $"good row,{F(d.X(1))},{F(d.Y(1))},WGS84,3,1,KR:1",
            $"bad lon,abc,{F(d.Y(1))},,3,0,",
            $"too many foreigners,{F(d.X(1))},{F(d.Y(1))},,3,5,KR:6",
            $"bad nationalities,{F(d.X(1))},{F(d.Y(1))},,3,2,KR=2",
            "swapped,39.9,116.4,,3,0,",
            $"unknown crs,{F(d.X(1))},{F(d.Y(1))},UTM,3,0,",
            $"short row,{F(d.X(1))}",
            $"=HYPERLINK(\"x\"),{F(d.X(1))},{F(d.Y(1))},,3,0,",
            $"'; drop table household; --,{F(d.X(1))},{F(d.Y(1))},,999999999999,0,");
        var checksum = await d.HouseholdChecksumAsync();
        var audits = await d.AuditCountAsync("household.import");

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/households/import", Csv(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = doc.RootElement.GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("line").GetInt32(), e.GetProperty("field").GetString())).ToList();
        Assert.Equal([(3, "lon"), (4, "foreign_residents"), (4, "nationalities"), (5, "nationalities"), (6, "lon"), (7, "crs"), (8, "(row)"),
                      (9, "address"), (10, "residents")], errors);
        Assert.Contains("swapped", doc.RootElement.GetProperty("errors")[4].GetProperty("message").GetString());
        Assert.Equal(checksum, await d.HouseholdChecksumAsync());
        Assert.Equal(audits, await d.AuditCountAsync("household.import"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("lon,lat,residents\n", "no rows")]
    [InlineData("lon,residents\n116.4,3\n", "lat")]
    [InlineData("lon,lat,residents,colour\n116.4,39.9,3,red\n", "unknown column")]
    [InlineData("lon,lat,residents,address\n116.4,39.9,3,\"never closed\n", "never closed")]
    public async Task Import_Returns400_WhenFileIsUnusable(string csv, string expected)
    {
        var d = new GridTestData(fx);
        var checksum = await d.HouseholdChecksumAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/households/import", Csv(csv));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(checksum, await d.HouseholdChecksumAsync());
    }

    [Fact]
    public async Task Import_Returns400_WhenFileIsNotUtf8()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        // "朝阳" in GBK: not valid UTF-8.
        var bytes = Encoding.ASCII.GetBytes("address,lon,lat,residents\n").Concat(new byte[] { 0xB3, 0xAF, 0xD1, 0xF4 })
            .Concat(Encoding.ASCII.GetBytes(",116.4,39.9,3\n")).ToArray();
        var response = await admin.PostAsync("/api/households/import", new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.GridWorker)]
    [InlineData(Roles.Planner)]
    public async Task Import_Returns403_ForNonAdministrators(string role)
    {
        var client = await fx.ClientAsAsync(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsync("/api/households/import", Csv("lon,lat,residents\n116.4,39.9,3\n"))).StatusCode);
    }

    [Fact]
    public async Task Import_ConvertsAndAssigns_AndExportRoundTrips()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        var grid = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var (gLon, gLat) = ChinaCoordinates.Wgs84ToGcj02(d.X(4), d.Y(4));
        var csv = string.Join("\r\n",
            "address,lon,lat,crs,residents,foreign_residents,nationalities",
            $"\"朝阳路 1号, 2单元\",{F(d.X(2))},{F(d.Y(2))},WGS84,3,2,KR:1;US:1",
            $"\"他说 \"\"你好\"\"\",{F(gLon)},{F(gLat)},GCJ-02,5,0,",
            $"outside,{F(d.X(30))},{F(d.Y(30))},,1,1,JP:1",
            "");
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/households/import", Csv(csv));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using (var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync()))
        {
            Assert.Equal(3, doc.RootElement.GetProperty("imported").GetInt32());
            Assert.Equal(1, doc.RootElement.GetProperty("unassigned").GetProperty("count").GetInt64());
        }
        Assert.Equal(1L, await d.ScalarAsync<long>(
            "select count(*) from household where grid_id = $1 and address = '他说 \"你好\"' and abs(st_x(geom) - $2) < 1e-7 and abs(st_y(geom) - $3) < 1e-7",
            grid, d.X(4), d.Y(4)));

        var first = await admin.GetStringAsync($"/api/grids/{grid}/households.csv");
        var reimport = await admin.PostAsync("/api/households/import", Csv(first));
        Assert.Equal(HttpStatusCode.OK, reimport.StatusCode);
        var second = await admin.GetStringAsync($"/api/grids/{grid}/households.csv");

        static List<string> WithoutIds(string text) =>
            text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => l[(l.IndexOf(',') + 1)..]).Order(StringComparer.Ordinal).ToList();
        var once = WithoutIds(first);
        Assert.Equal(2, once.Count);
        Assert.Contains(once, l => l.StartsWith("\"朝阳路 1号, 2单元\",", StringComparison.Ordinal) && l.Contains(",3,2,KR:1;US:1,"));
        Assert.Equal(once.SelectMany(l => new[] { l, l }).ToList(), WithoutIds(second));
    }
}
