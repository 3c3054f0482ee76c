using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Coverage;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GridGIS.Server.Tests.Features.Ogc;

/// <summary>
/// The OGC collections of the latest run (coverage per street / community / grid, gaps) against /api/coverage for the
/// same caller: the same figures, withheld (null) for officials and planners exactly where /api withholds them, all
/// shown to administrators, over bearer tokens and HTTP Basic alike; datetime on the run's time; service areas
/// against /api/service-areas. A database of its own (runs are district-wide).
/// </summary>
public sealed class OgcRunCollectionsTests(CoverageDatabase cov) : IClassFixture<CoverageDatabase>
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    private static async Task<JsonElement> JsonAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private async Task<HttpClient> BasicAsync(string role)
    {
        var user = $"o-{role}-{Guid.NewGuid():N}"[..24];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(cov.Db.Db, user, role, password);
        var client = cov.Factory.WithWebHostBuilder(b => b.UseSetting("Security:Basic:AllowInsecure", "true")).CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        return client;
    }

    private static string? Number(JsonElement e, string name) =>
        e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetRawText();

    [Theory]
    [InlineData("coverage-grids", "grid")]
    [InlineData("coverage-communities", "community")]
    [InlineData("coverage-streets", "street")]
    public async Task CoverageCollection_ShowsTheApisFigures_WithheldForOfficialsAndPlanners_AllForAdministrators(string collection, string level)
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var run = await cov.CompleteRunAsync(admin);
        var official = await cov.ClientAsAsync(Roles.Official);
        // (who, the client reading /ogc, a bearer client of the same role reading /api: Basic is for /ogc and /tiles only)
        var callers = new (string Role, HttpClient Client, HttpClient Api)[]
        {
            (Roles.Administrator, admin, admin), (Roles.Official, official, official), (Roles.Planner, await cov.ClientAsAsync(Roles.Planner), official),
            ("basic " + Roles.Official, await BasicAsync(Roles.Official), official), ("basic " + Roles.Administrator, await BasicAsync(Roles.Administrator), admin),
        };
        var withheldSeen = 0;
        foreach (var (role, client, apiClient) in callers)
        {
            var api = (await JsonAsync(apiClient, $"/api/coverage/runs/latest?level={level}")).GetProperty("units").EnumerateArray()
                .ToDictionary(u => $"{u.GetProperty("category").GetString()}.{u.GetProperty("unitId").GetInt32()}");
            var response = await client.GetAsync($"/ogc/collections/{collection}/items?limit=10000");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var features = page.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(api.Count, features.Count);
            Assert.Equal(api.Count, page.GetProperty("numberMatched").GetInt64());
            var administrator = role.EndsWith(Roles.Administrator, StringComparison.Ordinal);
            Assert.Equal(administrator, page.GetProperty("privacy").ValueKind == JsonValueKind.Null);
            Assert.Contains(administrator ? "not suppressed" : "withheld", response.Headers.GetValues("X-GridGIS-Privacy").Single());
            foreach (var f in features)
            {
                var p = f.GetProperty("properties");
                Assert.Equal(run, p.GetProperty("run").GetInt64());
                var u = api[f.GetProperty("id").GetString()!];
                foreach (var name in new[] { "households", "householdsCovered", "householdsNotCovered", "residents", "shareCovered", "foreignResidents", "accessibility" })
                    Assert.Equal(Number(u, name), Number(p, name));
                var withheld = p.GetProperty("households").ValueKind == JsonValueKind.Null;
                Assert.Equal(withheld, p.GetProperty("withheld").GetBoolean());
                if (withheld) withheldSeen++;
                if (administrator) Assert.False(withheld, $"{role} sees every figure");
                Assert.Contains(f.GetProperty("geometry").GetProperty("type").GetString(), new[] { "Polygon", "MultiPolygon" });
            }
        }
        if (level == "grid") Assert.True(withheldSeen > 0, "the generated grids have units of 1..4 households (un)covered: some must be withheld");
    }

    [Fact]
    public async Task Gaps_ShowTheApisFigures_PerCaller_AndOneGapById()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        await cov.CompleteRunAsync(admin);
        var official = await cov.ClientAsAsync(Roles.Official);
        foreach (var (client, apiClient) in new[] { (admin, admin), (official, official), (await BasicAsync(Roles.Official), official) })
        {
            var all = (await JsonAsync(client, "/ogc/collections/gaps/items?limit=10000")).GetProperty("features").EnumerateArray().ToList();
            var total = 0;
            foreach (var category in cov.Data.Categories)
            {
                var api = (await JsonAsync(apiClient, $"/api/coverage/runs/latest/gaps?category={category}")).GetProperty("features").EnumerateArray().ToList();
                var ogc = (await JsonAsync(client, $"/ogc/collections/gaps/items?category={category}&limit=10000")).GetProperty("features").EnumerateArray().ToList();
                Assert.Equal(api.Count, ogc.Count);
                for (var i = 0; i < api.Count; i++)
                    foreach (var name in new[] { "households", "householdsNotCovered", "residents", "foreignResidents" })
                        Assert.Equal(Number(api[i].GetProperty("properties"), name), Number(ogc[i].GetProperty("properties"), name));
                total += ogc.Count;
            }
            Assert.Equal(total, all.Count);
            Assert.True(total > 0, "the category without facilities has gaps");
            var id = all[0].GetProperty("id").GetString()!;
            var one = await JsonAsync(client, $"/ogc/collections/gaps/items/{Uri.EscapeDataString(id)}");
            Assert.Equal(id, one.GetProperty("id").GetString());
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/ogc/collections/gaps/items/nosuch.9999")).StatusCode);
    }

    [Fact]
    public async Task Datetime_SelectsByTheRunsTime_AndRefusesBadValues()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        await cov.CompleteRunAsync(admin);
        var meta = await JsonAsync(admin, "/ogc/collections/coverage-streets");
        var time = meta.GetProperty("extent").GetProperty("temporal").GetProperty("interval")[0][0].GetString()!;
        var t = DateTimeOffset.Parse(time, CultureInfo.InvariantCulture);
        string F(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        async Task<long> Matched(string datetime) =>
            (await JsonAsync(admin, $"/ogc/collections/coverage-streets/items?datetime={Uri.EscapeDataString(datetime)}")).GetProperty("numberMatched").GetInt64();

        var all = (await JsonAsync(admin, "/ogc/collections/coverage-streets/items")).GetProperty("numberMatched").GetInt64();
        Assert.True(all > 0);
        Assert.Equal(all, await Matched($"{F(t.AddSeconds(-1))}/{F(t.AddSeconds(2))}"));
        Assert.Equal(all, await Matched($"{F(t.AddMinutes(-5))}/.."));
        Assert.Equal(all, await Matched($"../{F(t.AddMinutes(5))}"));
        Assert.Equal(0, await Matched($"../{F(t.AddMinutes(-5))}"));
        Assert.Equal(0, await Matched(F(t.AddDays(-1))));
        Assert.Equal(0, (await JsonAsync(admin, $"/ogc/collections/gaps/items?datetime={F(t.AddDays(1))}/..")).GetProperty("numberMatched").GetInt64());

        foreach (var (url, parameter) in new[]
                 {
                     ("/ogc/collections/gaps/items?datetime=yesterday", "datetime"),
                     ("/ogc/collections/gaps/items?datetime=2026-12-08T00:00:00Z/2026-12-07T00:00:00Z", "datetime"),
                     ("/ogc/collections/gaps/items?datetime=../..", "datetime"),
                     ("/ogc/collections/streets/items?datetime=2026-12-07T00:00:00Z", "datetime"),
                 })
        {
            var response = await admin.GetAsync(url);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(parameter, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
        }
    }

    [Fact]
    public async Task ServiceAreas_AreTheApisBands_ForEachCategoryWithFacilities()
    {
        var planner = await cov.ClientAsAsync(Roles.Planner);
        var withFacilities = cov.Data.Categories.Where(c => c != cov.Data.EmptyCategory).ToArray();
        var page = await JsonAsync(planner, "/ogc/collections/service-areas/items?limit=1000");
        var ids = page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToHashSet();
        foreach (var c in withFacilities)
            foreach (var m in new[] { 5, 10, 15 })
                Assert.Contains($"{c}.{m}", ids);
        Assert.DoesNotContain(ids, id => id!.StartsWith(cov.Data.EmptyCategory + ".", StringComparison.Ordinal));

        var category = withFacilities[0];
        var api = JsonSerializer.Deserialize<NetTopologySuite.Features.FeatureCollection>(
            await planner.GetStringAsync($"/api/service-areas?category={category}&bands=5,10,15"), GeoJson)!;
        foreach (var (m, i) in new[] { (5, 0), (10, 1), (15, 2) })
        {
            var one = await JsonAsync(planner, $"/ogc/collections/service-areas/items?category={category}&minutes={m}");
            Assert.Equal(1, one.GetProperty("numberMatched").GetInt64());
            var feature = one.GetProperty("features")[0];
            Assert.Equal(m, feature.GetProperty("properties").GetProperty("minutes").GetInt32());
            Assert.Equal("network", feature.GetProperty("properties").GetProperty("mode").GetString());
            var ogc = JsonSerializer.Deserialize<Geometry>(feature.GetProperty("geometry").GetRawText(), GeoJson)!;
            // the same polygons, vertex by vertex, to the 7 decimals served (RFC 7946), whatever the ring order
            var expected = new NetTopologySuite.Precision.GeometryPrecisionReducer(new PrecisionModel(1e7)) { Pointwise = true }.Reduce(api[i].Geometry);
            Assert.True(ogc.Normalized().EqualsExact(expected.Normalized(), 1.01e-7), $"{category} {m} min differs from /api/service-areas");
        }
    }

    [Fact]
    public async Task RunTiles_AreTaggedPerPrivacyRule_AndChangeWhenARunCompletes()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var official = await cov.ClientAsAsync(Roles.Official);
        await cov.CompleteRunAsync(admin);
        var (x, y) = TilesApiTests.TileOf(cov.Data.MinLon + 0.016, cov.Data.MinLat + 0.012, 14);
        async Task<(string ETag, byte[] Tile)> TileAsync(HttpClient client, string layer)
        {
            var response = await client.GetAsync($"/tiles/{layer}/14/{x}/{y}.mvt");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (response.Headers.ETag!.Tag, await response.Content.ReadAsByteArrayAsync());
        }
        foreach (var layer in new[] { "coverage-grids", "coverage-communities", "coverage-streets", "gaps" })
        {
            var (adminTag, adminTile) = await TileAsync(admin, layer);
            var (officialTag, officialTile) = await TileAsync(official, layer);
            Assert.NotEqual(adminTag, officialTag);
            Assert.NotEmpty(adminTile);
            Assert.NotEmpty(officialTile);
            Assert.True(Contains(adminTile, Encoding.UTF8.GetBytes(layer)), $"{layer}: the tile names its layer");
            Assert.True(Contains(adminTile, Encoding.UTF8.GetBytes(cov.Data.Categories[0])), $"{layer}: the tile holds the category");
        }
        var (areasTag, areasTile) = await TileAsync(official, "service-areas");
        Assert.True(Contains(areasTile, "minutes"u8.ToArray()));

        // a finished run changes the run layers' tags (in this process, from the database's notice) and not the service areas'
        var before = (await TileAsync(official, "coverage-grids")).ETag;
        await cov.CompleteRunAsync(admin);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await TileAsync(official, "coverage-grids")).ETag == before && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.NotEqual(before, (await TileAsync(official, "coverage-grids")).ETag);
        Assert.Equal(areasTag, (await TileAsync(official, "service-areas")).ETag);
    }

    private static bool Contains(byte[] bytes, byte[] part)
    {
        for (var i = 0; i + part.Length <= bytes.Length; i++)
            if (bytes.AsSpan(i, part.Length).SequenceEqual(part)) return true;
        return false;
    }
}
