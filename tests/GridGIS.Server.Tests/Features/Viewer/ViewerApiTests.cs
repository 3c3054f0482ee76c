using System.Net;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Viewer;

/// <summary>The viewer's server side: heatmap cells, street comparison (JSON and PNG), viewer config, grid figures.</summary>
[Collection(PostgisCollection.Name)]
public sealed class ViewerApiTests(PostgisFixture fx)
{
    private async Task<object?> ScalarAsync(string sql, params object?[] args)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new NpgsqlParameter { Value = a ?? DBNull.Value });
        return await cmd.ExecuteScalarAsync();
    }

    private Task InsertHouseholdsAsync(int n, double lon, double lat, int residents, int foreign, int? gridId = null, int? streetId = null) =>
        ScalarAsync("""
            insert into household (geom, residents, foreign_residents, grid_id, street_id, generated)
            select st_setsrid(st_makepoint($2 + i * 0.00001, $3), 4326), $4, $5, $6, $7, true from generate_series(1, $1) i
            """, n, lon, lat, residents, foreign, gridId, streetId);

    private async Task<int> InsertStreetAsync(string code, double lon, double lat)
    {
        var id = (int)(await ScalarAsync("""
            insert into street (code, name_zh, name_en, geom)
            values ($1, '测试' || $1, 'Test ' || $1, st_multi(st_makeenvelope($2, $3, $2 + 0.01, $3 + 0.01, 4326))) returning id
            """, code, lon, lat))!;
        return id;
    }

    [Fact]
    public async Task Heatmap_WithholdsSmallCellForPlanner_ButShowsItToAdministrator()
    {
        await InsertHouseholdsAsync(3, 116.050, 40.600, 2, 1);   // 3 households: under the threshold of 5
        await InsertHouseholdsAsync(12, 116.150, 40.600, 3, 2);  // 12 households, 8.5 km away
        await InsertHouseholdsAsync(2, 117.500, 40.600, 2, 1);   // 2 more, 120 km away: with the 3, a group shown only at far coarser cells
        const string url = "/api/heatmap?metric=foreign&bbox=116.0,40.55,116.2,40.65&zoom=12";

        var planner = await fx.ClientAsAsync(Roles.Planner);
        using var p = JsonDocument.Parse(await planner.GetStringAsync(url));
        Assert.True(p.RootElement.GetProperty("suppressed").GetBoolean());
        Assert.Equal(1600, p.RootElement.GetProperty("cellSizeM").GetDouble());
        var cells = p.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties")).ToList();
        var cell = Assert.Single(cells, c => !c.GetProperty("merged").GetBoolean());
        Assert.Equal(12, cell.GetProperty("households").GetInt64());
        Assert.Equal(24, cell.GetProperty("value").GetInt64());
        Assert.All(cells, c => Assert.True(c.GetProperty("households").GetInt64() >= 5));   // the 3 are in no figure of their own
        Assert.Contains("privacy", p.RootElement.GetProperty("note").GetString());

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var a = JsonDocument.Parse(await admin.GetStringAsync(url));
        Assert.False(a.RootElement.GetProperty("suppressed").GetBoolean());
        Assert.Equal([3L, 12L], a.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("households").GetInt64()).Order().ToArray());
    }

    [Fact]
    public async Task Heatmap_CountsOnlyOwnGrids_ForGridWorker()
    {
        var street = await InsertStreetAsync("990700001", 116.30, 40.70);
        var community = (int)(await ScalarAsync("insert into community (code, street_id, name_zh, geom) select '990700001001', $1, '测试社区', geom from street where id = $1 returning id", street))!;
        var user = $"w-{Guid.NewGuid():N}"[..20];
        var worker = (int)(await ScalarAsync("insert into grid_worker (name, user_name) values ('测试网格员', $1) returning id", user))!;
        var own = (int)(await ScalarAsync("insert into grid (code, community_id, worker_id, geom) select '990700001001001', $1, $2, geom from community where id = $1 returning id", community, worker))!;
        var other = (int)(await ScalarAsync("insert into grid (code, community_id, geom) select '990700001001002', $1, geom from community where id = $1 returning id", community))!;
        await InsertHouseholdsAsync(6, 116.302, 40.702, 1, 0, own, street);
        await InsertHouseholdsAsync(20, 116.306, 40.706, 1, 0, other, street);

        var client = await fx.ClientAsAsync(Roles.GridWorker, user);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/heatmap?metric=residents&bbox=116.29,40.69,116.32,40.72&zoom=11"));
        Assert.True(doc.RootElement.GetProperty("ownGridsOnly").GetBoolean());
        Assert.Equal(6, doc.RootElement.GetProperty("features").EnumerateArray().Sum(f => f.GetProperty("properties").GetProperty("households").GetInt64()));

        // Grid figures: the worker's own grid yes, another grid no.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/viewer/grids/{own}/figures")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/viewer/grids/{other}/figures")).StatusCode);
        using var figures = JsonDocument.Parse(await (await fx.ClientAsAsync(Roles.Planner)).GetStringAsync($"/api/viewer/grids/{other}/figures"));
        Assert.Equal(20, figures.RootElement.GetProperty("households").GetInt64());
    }

    [Theory]
    [InlineData("metric=foreign&zoom=12", "bbox")]
    [InlineData("metric=everyone&bbox=116,39,117,40&zoom=12", "metric")]
    [InlineData("metric=foreign&bbox=116,39,117,40", "zoom")]
    [InlineData("metric=foreign&bbox=39,116,40,117&zoom=12", "bbox")]
    public async Task Heatmap_Returns400ProblemDetails_WhenQueryIsBad(string query, string parameter)
    {
        var response = await (await fx.ClientAsAsync(Roles.Official)).GetAsync("/api/heatmap?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, doc.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Compare_ReturnsFiguresAndCoverageOfEachStreet_FromLatestCompleteRun()
    {
        var a = await InsertStreetAsync("990800001", 116.60, 40.80);
        var b = await InsertStreetAsync("990800002", 116.62, 40.80);
        await InsertHouseholdsAsync(40, 116.601, 40.801, 2, 1, null, a);  // 80 residents, 40 foreign
        await InsertHouseholdsAsync(10, 116.621, 40.801, 5, 0, null, b);  // 50 residents
        var category = $"vt_{Guid.NewGuid():N}"[..12];
        await ScalarAsync("insert into facility_category (code, name_zh, name_en) values ($1, '测试类', 'Test category')", category);
        await ScalarAsync("insert into facility (category_code, name, geom, street_id) values ($1, 'f', st_setsrid(st_makepoint(116.605, 40.805), 4326), $2)", category, a);
        var run = (long)(await ScalarAsync("""
            insert into coverage_run (parameters, mode, trigger, state, progress, created_at, started_at, finished_at)
            values ('{}', 'euclidean', 'test', 'complete', 100, now(), now(), now()) returning id
            """))!;
        await ScalarAsync("""
            insert into coverage_unit_result (run_id, category_code, level, unit_id, households, households_covered, residents, residents_covered, foreign_residents, foreign_covered)
            values ($1, $2, 'street', $3, 40, 30, 80, 60, 40, 30), ($1, $2, 'street', $4, 10, 8, 50, 40, 0, 0)
            """, run, category, a, b);
        // A gap square half inside street a: 0.005° x 0.01° of the street's 0.01° x 0.01°.
        await ScalarAsync("""
            insert into coverage_gap (run_id, category_code, gap_no, geom, area_m2, households, households_not_covered, residents, foreign_residents)
            values ($1, $2, 1, st_makeenvelope(116.605, 40.80, 116.615, 40.81, 4326), 1, 10, 10, 20, 10)
            """, run, category);

        // Street b has a published population: its facility rate is per 10,000 of that, not of the loaded 50.
        await ScalarAsync("""
            insert into street_published_population (street_id, source, year, registered_total, registered_local, registered_elsewhere_in_beijing,
                   migrant_total, migrant_with_permit, migrant_without_permit, foreign_residents, total)
            values ($1, 'test', 2010, 15000, 10000, 5000, 5000, 5000, 0, 0, 20000)
            """, b);
        await ScalarAsync("insert into facility (category_code, name, geom, street_id) values ($1, 'g', st_setsrid(st_makepoint(116.625, 40.805), 4326), $2)", category, b);
        var client = await fx.ClientAsAsync(Roles.Official);
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/api/compare?streets=990800001,990800002"));
        var streets = doc.RootElement.GetProperty("streets").EnumerateArray().ToList();
        Assert.Equal(["990800001", "990800002"], streets.Select(s => s.GetProperty("code").GetString()!).ToArray());
        Assert.Equal(80, streets[0].GetProperty("residents").GetInt64());
        Assert.Equal(40, streets[0].GetProperty("foreignResidents").GetInt64());
        Assert.Equal(0.5, streets[0].GetProperty("foreignShare").GetDouble(), 5);
        Assert.Equal(40, streets[0].GetProperty("households").GetInt64());
        var facilities = streets[0].GetProperty("facilities").GetProperty(category);
        Assert.Equal(1, facilities.GetProperty("count").GetInt64());
        Assert.Equal(125.0, facilities.GetProperty("per10kResidents").GetDouble(), 2); // 1 per 80 residents
        Assert.Equal(0.5, streets[1].GetProperty("facilities").GetProperty(category).GetProperty("per10kResidents").GetDouble(), 5); // 1 per 20,000 published
        var coverage = streets[0].GetProperty("coverage").GetProperty(category);
        Assert.Equal(0.75, coverage.GetProperty("coveredShare").GetDouble(), 5);
        Assert.Equal(10, coverage.GetProperty("householdsOutside").GetInt64());
        // Half the street's ~0.85 km² lies in the gap: about 0.42 km², measured on the spheroid by PostGIS.
        var expectedGap = (double)(await ScalarAsync("select st_area(st_makeenvelope(116.605, 40.80, 116.61, 40.81, 4326)::geography) / 1e6"))!;
        Assert.Equal(expectedGap, coverage.GetProperty("gapAreaKm2").GetDouble(), 0.0005);
        var b0 = streets[1].GetProperty("coverage").GetProperty(category);
        // Street b: 2 of 10 households outside is a small count, so the pair and the share are withheld from an official.
        Assert.Equal(JsonValueKind.Null, b0.GetProperty("householdsOutside").ValueKind);
        Assert.Equal(JsonValueKind.Null, b0.GetProperty("coveredShare").ValueKind);
        using var asAdmin = JsonDocument.Parse(await (await fx.ClientAsAsync(Roles.Administrator)).GetStringAsync("/api/compare?streets=990800001,990800002"));
        Assert.Equal(2, asAdmin.RootElement.GetProperty("streets")[1].GetProperty("coverage").GetProperty(category).GetProperty("householdsOutside").GetInt64());
        Assert.Equal(run, doc.RootElement.GetProperty("coverageRun").GetProperty("id").GetInt64());

        var png = await client.GetAsync("/api/compare.png?streets=990800001,990800002&lang=en");
        Assert.Equal(HttpStatusCode.OK, png.StatusCode);
        Assert.Equal("image/png", png.Content.Headers.ContentType?.MediaType);
        var bytes = await png.Content.ReadAsByteArrayAsync();
        Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(bytes, 1, 3));
    }

    [Theory]
    [InlineData("streets=990800001", 400)]
    [InlineData("streets=abc,990800001", 400)]
    [InlineData("", 400)]
    [InlineData("streets=990899998,990899999", 404)]
    public async Task Compare_ReturnsProblemDetails_WhenStreetsAreBad(string query, int status)
    {
        var response = await (await fx.ClientAsAsync(Roles.Planner)).GetAsync("/api/compare?" + query);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Compare_Returns403_ForGridWorker() =>
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fx.ClientAsAsync(Roles.GridWorker)).GetAsync("/api/compare?streets=pilot")).StatusCode);

    [Fact]
    public async Task ViewerConfig_ReturnsNoTileUrlAndPilotStreets_ByDefault()
    {
        using var doc = JsonDocument.Parse(await (await fx.ClientAsAsync(Roles.Planner)).GetStringAsync("/api/viewer/config"));
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("tileUrl").ValueKind);
        Assert.Equal(5, doc.RootElement.GetProperty("pilotStreets").GetArrayLength());
        Assert.True(doc.RootElement.GetProperty("capabilities").GetProperty("heatmap").GetBoolean());
        Assert.True(doc.RootElement.GetProperty("capabilities").GetProperty("households").GetBoolean());
    }

    [Fact]
    public void ViewerConfig_Describe_TakesTileUrlFromConfiguration()
    {
        // A second host would rebind Hangfire's process-wide logging; the configuration path is checked directly.
        const string tiles = "https://tiles.example.invalid/{z}/{x}/{y}.png";
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Viewer:TileUrl"] = tiles }).Build();
        var endpoints = fx.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>();
        var described = GridGIS.Server.Features.Viewer.ViewerConfigApi.Describe(config, endpoints);
        Assert.Equal(tiles, described.TileUrl);
        Assert.Equal("wgs84", described.TileCrs);
        Assert.True(described.Capabilities["compare"]);
    }

    [Theory]
    [InlineData("gcj02", "gcj02")]
    [InlineData(" GCJ02 ", "gcj02")]
    [InlineData("wgs84", "wgs84")]
    [InlineData("", "wgs84")]
    public void ViewerConfig_Describe_TakesTileCrsFromConfiguration(string configured, string expected)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Viewer:TileCrs"] = configured }).Build();
        var endpoints = fx.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>();
        Assert.Equal(expected, GridGIS.Server.Features.Viewer.ViewerConfigApi.Describe(config, endpoints).TileCrs);
    }

    [Fact]
    public void ViewerConfig_Describe_Throws_WhenTileCrsIsUnknown()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Viewer:TileCrs"] = "bd09" }).Build();
        var endpoints = fx.Factory.Services.GetRequiredService<Microsoft.AspNetCore.Routing.EndpointDataSource>();
        var e = Assert.Throws<InvalidOperationException>(() => GridGIS.Server.Features.Viewer.ViewerConfigApi.Describe(config, endpoints));
        Assert.Contains("Viewer:TileCrs", e.Message);
    }
}
