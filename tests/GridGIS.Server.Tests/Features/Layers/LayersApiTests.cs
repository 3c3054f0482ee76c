using System.Net;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Layers;

[Collection(PostgisCollection.Name)]
public sealed class LayersApiTests(PostgisFixture fx)
{
    private async Task<int> InsertStreetAsync(string code, string wkt)
    {
        await using var cmd = fx.Db.CreateCommand(
            "insert into street (code, name_zh, name_en, geom) values ($1, '测试', 'Test', st_multi(st_geomfromtext($2, 4326))) returning id");
        cmd.Parameters.Add(new() { Value = code });
        cmd.Parameters.Add(new() { Value = wkt });
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Streets_ReturnsInsertedStreetAsGeoJson_WhenBboxCoversIt()
    {
        var id = await InsertStreetAsync("990000001", "POLYGON((116.40 39.90, 116.41 39.90, 116.41 39.91, 116.40 39.91, 116.40 39.90))");
        var client = await fx.ClientAsAsync(Roles.Planner);

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/streets?bbox=116.399,39.899,116.411,39.911"));
        var feature = doc.RootElement.GetProperty("features").EnumerateArray().Single(f => f.GetProperty("id").GetInt32() == id);
        Assert.Equal("990000001", feature.GetProperty("properties").GetProperty("code").GetString());
        Assert.Equal("MultiPolygon", feature.GetProperty("geometry").GetProperty("type").GetString());

        using var outside = JsonDocument.Parse(await client.GetStringAsync("/api/streets?bbox=100,20,100.1,20.1"));
        Assert.DoesNotContain(outside.RootElement.GetProperty("features").EnumerateArray(), f => f.GetProperty("id").GetInt32() == id);
    }

    [Fact]
    public async Task Streets_Returns401_WithoutToken()
    {
        var response = await fx.Factory.CreateClient().GetAsync("/api/streets");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("bbox=39.9,116.4,39.91,116.41", "out of range")]
    [InlineData("bbox=1,2,3", "four finite numbers")]
    [InlineData("limit=0", "limit must be between")]
    public async Task Streets_ReturnsProblemDetails_WhenQueryIsBad(string query, string expected)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync("/api/streets?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StreetById_Returns404ProblemDetails_WhenMissing()
    {
        var client = await fx.ClientAsAsync(Roles.Official);
        var response = await client.GetAsync("/api/streets/987654321");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var facility = await client.GetAsync("/api/facilities/987654321");
        Assert.Equal(HttpStatusCode.NotFound, facility.StatusCode);
        Assert.Contains("no facility with id 987654321", await facility.Content.ReadAsStringAsync());
    }
}
