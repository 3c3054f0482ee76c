using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Ogc;

/// <summary>Vector tiles at /tiles: ST_AsMVT tiles, TileJSON, ETags from the layer's data version, 304, errors.</summary>
[Collection(PostgisCollection.Name)]
public sealed class TilesApiTests(PostgisFixture fx)
{
    /// <summary>The XYZ tile at zoom <paramref name="z"/> that holds (lon, lat).</summary>
    internal static (int X, int Y) TileOf(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var r = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n);
        return (x, y);
    }

    [Fact]
    public async Task Tile_HoldsTheLayersFeatures_AndItsETagChangesOnlyWhenThatLayerChanges()
    {
        var d = new GridTestData(fx);
        await d.CommunityAsync(d.Box(0, 0, 4, 4));
        var client = await fx.ClientAsAsync(Roles.Planner);
        var (x, y) = TileOf(d.X(2), d.Y(2), 14);

        var streets = await client.GetAsync($"/tiles/streets/14/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.OK, streets.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", streets.Content.Headers.ContentType?.MediaType);
        var tile = await streets.Content.ReadAsByteArrayAsync();
        Assert.NotEmpty(tile);
        // the tile's layer and the street's name are in the protobuf
        Assert.Contains("streets"u8.ToArray(), Windows(tile, 7));
        Assert.Contains("测试街道"u8.ToArray(), Windows(tile, "测试街道"u8.Length));
        var etag = streets.Headers.ETag!;
        Assert.Contains("private", streets.Headers.CacheControl!.ToString());

        var facilitiesEtag = (await client.GetAsync($"/tiles/facilities/14/{x}/{y}.mvt")).Headers.ETag!;
        // unchanged data: 304
        using (var again = new HttpRequestMessage(HttpMethod.Get, $"/tiles/streets/14/{x}/{y}.mvt"))
        {
            again.Headers.IfNoneMatch.Add(etag);
            Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        }
        // a write to the streets table: the streets layer's tiles change, the facilities layer's do not
        // (the server learns of the write from the database's notice, delivered at commit: milliseconds, bounded here by 30 s)
        await d.ScalarAsync<int>("update street set name_en = 'Renamed' where code = $1 returning 1", d.Code("")[..9]);
        var after = await client.GetAsync($"/tiles/streets/14/{x}/{y}.mvt");
        for (var deadline = DateTime.UtcNow.AddSeconds(30); Equals(after.Headers.ETag, etag) && DateTime.UtcNow < deadline; await Task.Delay(50))
            after = await client.GetAsync($"/tiles/streets/14/{x}/{y}.mvt");
        Assert.NotEqual(etag, after.Headers.ETag);
        Assert.Contains("Renamed"u8.ToArray(), Windows(await after.Content.ReadAsByteArrayAsync(), 7));
        Assert.Equal(facilitiesEtag, (await client.GetAsync($"/tiles/facilities/14/{x}/{y}.mvt")).Headers.ETag);
    }

    private static IEnumerable<byte[]> Windows(byte[] bytes, int n)
    {
        for (var i = 0; i + n <= bytes.Length; i++) yield return bytes[i..(i + n)];
    }

    [Fact]
    public async Task TileJson_DescribesEveryLayer()
    {
        var client = await fx.ClientAsAsync(Roles.Official);
        foreach (var layer in new[] { "streets", "communities", "grids", "facilities", "network", "basemap", "service-areas", "gaps", "coverage-streets", "coverage-communities", "coverage-grids" })
        {
            var doc = JsonDocument.Parse(await client.GetStringAsync($"/tiles/{layer}.json")).RootElement;
            Assert.Equal("3.0.0", doc.GetProperty("tilejson").GetString());
            Assert.EndsWith($"/tiles/{layer}/{{z}}/{{x}}/{{y}}.mvt", doc.GetProperty("tiles")[0].GetString());
            Assert.Equal(layer, doc.GetProperty("vector_layers")[0].GetProperty("id").GetString());
        }
    }

    [Theory]
    [InlineData("/tiles/nosuch/1/0/0.mvt", 404)]
    [InlineData("/tiles/streets/21/0/0.mvt", 400)]
    [InlineData("/tiles/streets/2/4/0.mvt", 400)]
    [InlineData("/tiles/streets/2/0/-1.mvt", 400)]
    [InlineData("/tiles/streets/a/0/0.mvt", 400)]
    [InlineData("/tiles/nosuch.json", 404)]
    [InlineData("/tiles/whatever", 404)]
    public async Task BadTiles_AnswerProblemDetails(string url, int status)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Tiles_RefuseAnonymousCallers()
    {
        var anonymous = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/tiles/streets/0/0/0.mvt")).StatusCode);
    }

    [Fact]
    public async Task NetworkTiles_AreEmpty_BelowTheLayersMinimumZoom()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync("/tiles/network/5/26/12.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task OgcTilesets_DescribeEachCollectionsTiles_InWebMercatorQuad()
    {
        var client = await fx.ClientAsAsync(Roles.Official);
        var conformance = await client.GetStringAsync("/ogc/conformance");
        Assert.Contains("http://www.opengis.net/spec/ogcapi-tiles-1/1.0/conf/tileset", conformance);
        var tms = JsonDocument.Parse(await client.GetStringAsync("/ogc/tileMatrixSets/WebMercatorQuad")).RootElement;
        var matrices = tms.GetProperty("tileMatrices").EnumerateArray().ToList();
        Assert.Equal(21, matrices.Count);
        Assert.Equal(4096, matrices[12].GetProperty("matrixWidth").GetInt64());
        // zoom 0: one 256-pixel tile over the whole Web Mercator square
        Assert.Equal(2 * 20037508.3427892 / 256, matrices[0].GetProperty("cellSize").GetDouble(), 6);

        foreach (var layer in new[] { "grids", "coverage-grids", "service-areas" })
        {
            var list = JsonDocument.Parse(await client.GetStringAsync($"/ogc/collections/{layer}/tiles")).RootElement;
            var self = list.GetProperty("tilesets")[0].GetProperty("links").EnumerateArray().First(l => l.GetProperty("rel").GetString() == "self").GetProperty("href").GetString()!;
            var tileset = JsonDocument.Parse(await client.GetStringAsync(new Uri(self).PathAndQuery)).RootElement;
            Assert.Equal("vector", tileset.GetProperty("dataType").GetString());
            var item = tileset.GetProperty("links").EnumerateArray().First(l => l.GetProperty("rel").GetString() == "item").GetProperty("href").GetString()!;
            Assert.EndsWith($"/tiles/{layer}/{{tileMatrix}}/{{tileCol}}/{{tileRow}}.mvt", item);
            // the template gives a tile that the tile endpoint serves
            var tile = await client.GetAsync(new Uri(item.Replace("{tileMatrix}", "14").Replace("{tileCol}", "13489").Replace("{tileRow}", "6208")).PathAndQuery);
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/collections/grids/tiles/WorldCRS84Quad")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/tileMatrixSets/nosuch")).StatusCode);
    }
}
