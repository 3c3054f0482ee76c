using System.Net;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;

namespace GridGIS.Server.Tests.Features.Ogc;

/// <summary>OGC API - Features at /ogc: landing page, conformance, collections, items with paging and filters, errors.</summary>
[Collection(PostgisCollection.Name)]
public sealed class OgcApiTests(PostgisFixture fx)
{
    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static string Href(JsonElement links, string rel) =>
        links.EnumerateArray().First(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    [Fact]
    public async Task LandingPage_LinksTheApiConformanceAndCollections_AndDeclaresItsClasses()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var landing = await JsonAsync(client, "/ogc");
        var links = landing.GetProperty("links");
        foreach (var rel in new[] { "self", "service-desc", "conformance", "data" }) Assert.NotNull(Href(links, rel));

        var conformance = await JsonAsync(client, new Uri(Href(links, "conformance")).PathAndQuery);
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToArray();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30", classes);

        var api = await client.GetAsync(new Uri(Href(links, "service-desc")).PathAndQuery);
        Assert.Equal("application/vnd.oai.openapi+json", api.Content.Headers.ContentType?.MediaType);
        var doc = JsonDocument.Parse(await api.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith("3.0", doc.GetProperty("openapi").GetString());
        var collections = await JsonAsync(client, "/ogc/collections");
        foreach (var c in collections.GetProperty("collections").EnumerateArray())
            Assert.True(doc.GetProperty("paths").TryGetProperty($"/collections/{c.GetProperty("id").GetString()}/items", out _));
    }

    [Fact]
    public async Task Collections_ListEveryLayer_WithItemsLinks()
    {
        var client = await fx.ClientAsAsync(Roles.Official);
        var collections = await JsonAsync(client, "/ogc/collections");
        var ids = collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToArray();
        Assert.Equal(new[] { "streets", "communities", "grids", "facilities", "network", "service-areas", "gaps", "coverage-streets", "coverage-communities", "coverage-grids", "basemap" }, ids);
        foreach (var c in collections.GetProperty("collections").EnumerateArray())
        {
            Assert.Equal("feature", c.GetProperty("itemType").GetString());
            Assert.EndsWith($"/ogc/collections/{c.GetProperty("id").GetString()}/items", Href(c.GetProperty("links"), "items"));
        }
    }

    [Fact]
    public async Task Items_PageThroughEveryFeature_WithNextAndPrevLinks_AndTheFilter()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        var streetCode = d.Code("")[..9];
        var category = $"ogc_{Guid.NewGuid():N}"[..20];
        await d.ScalarAsync<int>("insert into facility_category (code, name_zh, name_en) values ($1, '测试类', 'OGC test') returning 1", category);
        var ids = new List<int>();
        for (var i = 0; i < 23; i++)
            ids.Add(await d.ScalarAsync<int>(
                "insert into facility (name, category_code, street_id, capacity, geom) select $1, $5, c.street_id, 10, st_setsrid(st_makepoint($2, $3), 4326) from community c where c.id = $4 returning id",
                $"图书馆 {i}", d.X(1 + i * 0.3), d.Y(5), community, category));
        var client = await fx.ClientAsAsync(Roles.Planner);

        var seen = new List<long>();
        var url = $"/ogc/collections/facilities/items?street={streetCode}&category={category}&limit=10";
        var pages = 0;
        JsonElement page = default;
        while (url is not null)
        {
            var response = await client.GetAsync(url);
            Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
            page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            Assert.Equal(23, page.GetProperty("numberMatched").GetInt32());
            seen.AddRange(page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
            var next = page.GetProperty("links").EnumerateArray().FirstOrDefault(l => l.GetProperty("rel").GetString() == "next");
            url = next.ValueKind == JsonValueKind.Undefined ? null! : new Uri(next.GetProperty("href").GetString()!).PathAndQuery;
            pages++;
        }
        Assert.Equal(3, pages);
        Assert.Equal(ids.Select(i => (long)i).Order(), seen.Order());
        // the last page links back
        var prev = new Uri(Href(page.GetProperty("links"), "prev")).PathAndQuery;
        var back = await JsonAsync(client, prev);
        Assert.Equal(10, back.GetProperty("numberReturned").GetInt32());

        // a bbox around the first three only
        var bbox = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{d.X(0.9)},{d.Y(4.9)},{d.X(1.65)},{d.Y(5.1)}");
        var boxed = await JsonAsync(client, $"/ogc/collections/facilities/items?street={streetCode}&bbox={bbox}");
        Assert.Equal(3, boxed.GetProperty("numberMatched").GetInt32());
        // one feature by its id
        var one = await JsonAsync(client, $"/ogc/collections/facilities/items/{ids[5]}");
        Assert.Equal("图书馆 5", one.GetProperty("properties").GetProperty("name").GetString());
    }

    [Fact]
    public async Task PolygonItems_HaveCounterClockwiseExteriorRings_WhateverTheStoredOrder()
    {
        var d = new GridTestData(fx);
        // stored clockwise
        var clockwise = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"POLYGON(({d.X(0)} {d.Y(0)}, {d.X(0)} {d.Y(5)}, {d.X(5)} {d.Y(5)}, {d.X(5)} {d.Y(0)}, {d.X(0)} {d.Y(0)}))");
        await d.CommunityAsync(clockwise);
        var client = await fx.ClientAsAsync(Roles.Planner);
        var page = await JsonAsync(client, $"/ogc/collections/communities/items?street={d.Code("")[..9]}");
        var feature = page.GetProperty("features").EnumerateArray().Single();
        var options = new JsonSerializerOptions { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } };
        var geometry = JsonSerializer.Deserialize<Geometry>(feature.GetProperty("geometry").GetRawText(), options)!;
        var polygon = (Polygon)geometry.GetGeometryN(0);
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(polygon.ExteriorRing.CoordinateSequence));
    }

    [Theory]
    [InlineData("/ogc/collections/nosuch", 404)]
    [InlineData("/ogc/collections/nosuch/items", 404)]
    [InlineData("/ogc/nothing/here", 404)]
    [InlineData("/ogc/collections/streets/items/abc", 404)]
    [InlineData("/ogc/collections/streets/items/999999999", 404)]
    [InlineData("/ogc/collections/streets/items?colour=red", 400)]
    [InlineData("/ogc/collections/streets/items?limit=0", 400)]
    [InlineData("/ogc/collections/streets/items?bbox=1,2,3", 400)]
    [InlineData("/ogc/collections/streets/items?crs=EPSG:4548", 400)]
    [InlineData("/ogc/collections/streets/items?datetime=2024-01-01", 400)]
    public async Task BadPaths_AndParameters_AnswerProblemDetails(string url, int status)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync(url);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Ogc_RefusesAnonymousCallers()
    {
        var anonymous = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/ogc/collections")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/ogc/collections/streets/items")).StatusCode);
    }

    [Fact]
    public async Task Limit_AboveTheMaximum_IsCapped()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var page = await JsonAsync(client, "/ogc/collections/streets/items?limit=100000");
        var self = Href(page.GetProperty("links"), "self");
        Assert.Contains("limit=10000", self);
    }
}
