using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGIS.Server.Tests.Features.City;

/// <summary>
/// The same small coverage, run by the server's coverage job on a database of its own, at Beijing (116.45E 39.92N) and
/// at Hangzhou (120.16E 30.27N). Facilities at the corner of two straight 2 km streets (east, north); households placed by
/// PostGIS's own geodesics (<c>st_project</c> on the spheroid, edge lengths <c>st_length(geography)</c> as the importer
/// stores them) at walking distances just inside and just outside each category's threshold: 0.1 % either side. Every
/// "inside" household must be covered and no "outside" one, on the network and in a straight line: the walking
/// distances agree with the geodesic ones within 0.1 %. The server finds each city's zone itself, from the streets'
/// centre (117E, 120E); Hangzhou computed in Beijing's zone (configured) loses its "inside" households of the straight
/// line and of the access-leg-only category: its distances are 0.114 % long there.
/// </summary>
public sealed class CityCoverageTests
{
    private const double Margin = 0.001;     // 0.1 %

    [Theory]
    [InlineData("Beijing", 116.45, 39.92, 4548)]
    [InlineData("Hangzhou", 120.16, 30.27, 4549)]
    public async Task Coverage_AgreesWithGeodesicDistancesWithin01Percent_InTheZoneOfTheCity(string city, double lon, double lat, int zone)
    {
        await using var db = new PostgisFixture();
        await db.InitializeAsync();
        await InsertCityAsync(db.Db, lon, lat);
        await using var host = Host(db.ConnectionString, metricEpsg: null);
        Assert.Equal(zone, host.Services.GetRequiredService<CityProfile>().MetricEpsg);      // the streets' centre chose it

        var results = await RunBothModesAsync(host, db);
        foreach (var (grid, (households, covered)) in results)
            Assert.True(grid.EndsWith("_in", StringComparison.Ordinal) ? covered == households : covered == 0,
                $"{city} (EPSG:{zone}), grid {grid}: {covered} of {households} households covered");
    }

    [Fact]
    public async Task Coverage_MissesHouseholdsWithin01Percent_WhenHangzhouIsComputedInBeijingsZone()
    {
        await using var db = new PostgisFixture();
        await db.InitializeAsync();
        await InsertCityAsync(db.Db, 120.16, 30.27);
        await using var host = Host(db.ConnectionString, metricEpsg: CityProfile.Default.MetricEpsg);
        Assert.Equal(117, host.Services.GetRequiredService<CityProfile>().CentralMeridian);

        var results = await RunBothModesAsync(host, db);
        // The access leg off the corner (289.7 m) and the straight lines (999 m) come out 0.114 % long: beyond the threshold.
        Assert.Equal(1, results["network:n290_in"].Covered);                     // of two (60 m and 289.7 m), only the 60 m one
        Assert.Equal(0, results["euclidean:e1000_in"].Covered);                  // every 999 m household falls out
        Assert.Equal(results["network:n1000_in"].Households, results["network:n1000_in"].Covered);  // long network legs are the stored geodesic lengths
    }

    /// <summary>A server on <paramref name="cs"/> with a Hangfire server of its own; the city's zone configured or (null) found from the data.</summary>
    private static WebApplicationFactory<Program> Host(string cs, int? metricEpsg) => new WebApplicationFactory<Program>().WithWebHostBuilder(b =>
    {
        b.UseSetting("ConnectionStrings:GridGIS", cs)
            .UseSetting("Coverage:RunAtStartup", "false").UseSetting("Coverage:QueuePollSeconds", "0.2").UseSetting("Coverage:Workers", "2")
            .UseSetting("Coverage:DetourFactor", "1");       // euclidean mode: the straight line itself
        if (metricEpsg is { } e) b.UseSetting("City:MetricEpsg", e.ToString(CultureInfo.InvariantCulture));
    });

    /// <summary>A network run and a euclidean run; per "mode:grid", the grid's households and how many of them its category covers.</summary>
    private static async Task<Dictionary<string, (long Households, long Covered)>> RunBothModesAsync(WebApplicationFactory<Program> host, PostgisFixture db)
    {
        var admin = await AdminAsync(host, db.Db);
        var results = new Dictionary<string, (long, long)>();
        foreach (var mode in new[] { "network", "euclidean" })
        {
            var response = await admin.PostAsJsonAsync("/api/coverage/runs", new { mode });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            using var started = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var id = started.RootElement.GetProperty("id").GetInt64();
            await WaitCompleteAsync(admin, id);
            // Each grid holds the households of one category and one expectation (grid name = category key + _in/_out).
            await using var cmd = db.Db.CreateCommand("""
                select g.name, r.households, r.households_covered
                  from coverage_unit_result r join grid g on g.id = r.unit_id
                 where r.run_id = $1 and r.level = 'grid' and r.category_code = 'city_' || split_part(g.name, '_', 1)
                   and left(g.name, 1) = left($2, 1)
                """);
            cmd.Parameters.Add(new() { Value = id });
            cmd.Parameters.Add(new() { Value = mode });
            await using var r = await cmd.ExecuteReaderAsync();
            while (await r.ReadAsync()) results[$"{mode}:{r.GetString(0)}"] = (r.GetInt64(1), r.GetInt64(2));
        }
        Assert.Equal(6, results.Count);     // n1000_in/out, n290_in/out (network); e1000_in/out (euclidean)
        return results;
    }

    private static async Task WaitCompleteAsync(HttpClient admin, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);      // bounded; generous: the machine is shared
        while (DateTime.UtcNow < deadline)
        {
            using var run = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{id}"));
            var state = run.RootElement.GetProperty("run").GetProperty("state").GetString();
            if (state == "complete") return;
            Assert.True(state != "failed", run.RootElement.GetProperty("run").GetProperty("error").GetString());
            await Task.Delay(200);
        }
        throw new TimeoutException($"coverage run {id} unfinished after 120 s");
    }

    private static async Task<HttpClient> AdminAsync(WebApplicationFactory<Program> host, NpgsqlDataSource db)
    {
        var userName = $"t-admin-{Guid.NewGuid():N}"[..30];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(db, userName, Roles.Administrator, password);
        var client = host.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>
    /// One street (a 0.06-degree box round the corner, so that the streets' centre is the corner), one community, six
    /// grids (households only; their boxes are nominal); the corner A, B 2 km east, C 2 km north, two edges; categories
    /// city_n1000 and city_e1000 (1000 m) and city_n290 (290 m), each with one facility at A; households:
    /// n1000: along the east street and beside it (a perpendicular leg north of it), walking 999 m or less / 1001 m or more;
    /// n290: south-west of the corner, an access leg only: 60 m and 289.7 m / 290.3 m and 295 m;
    /// e1000: on a ring round A at 999 m / 1001 m in a straight line, four directions.
    /// </summary>
    private static async Task InsertCityAsync(NpgsqlDataSource db, double lon, double lat)
    {
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var (lo, hi) = (1 - Margin, 1 + Margin);
        // (grid, along the east street m, beside it m) / (grid, azimuth degrees from A, straight metres)
        var alongside = new (string Grid, double Along, double Aside)[]
        {
            ("n1000_in", 150, 0), ("n1000_in", 700, 180), ("n1000_in", 1000 * lo - 280, 280), ("n1000_in", 1000 * lo, 0),
            ("n1000_out", 1000 * hi - 280, 280), ("n1000_out", 1000 * hi, 0), ("n1000_out", 1500, 100),
        };
        var radial = new (string Grid, double Azimuth, double Metres)[]
        {
            ("n290_in", 225, 60), ("n290_in", 225, 290 * lo), ("n290_out", 225, 290 * hi), ("n290_out", 225, 295),
            ("e1000_in", 30, 1000 * lo), ("e1000_in", 135, 1000 * lo), ("e1000_in", 200, 1000 * lo), ("e1000_in", 300, 1000 * lo),
            ("e1000_out", 30, 1000 * hi), ("e1000_out", 135, 1000 * hi), ("e1000_out", 200, 1000 * hi), ("e1000_out", 300, 1000 * hi),
        };
        var households = string.Join(",\n", alongside.Select(h =>
                $"('{h.Grid}', st_project(st_project(a.g, {F(h.Along)}, radians(90))::geography, {F(h.Aside)}, " +
                $"st_azimuth(st_project(a.g, {F(h.Along)}, radians(90)), b.g) - pi() / 2))")
            .Concat(radial.Select(h => $"('{h.Grid}', st_project(a.g, {F(h.Metres)}, radians({F(h.Azimuth)})))")));
        var sql = $"""
            insert into street (code, name_zh, name_en, geom, geometry_note)
            values ('990000001', '测试街道', 'Test street', st_multi(st_expand(st_setsrid(st_makepoint({F(lon)}, {F(lat)}), 4326), 0.03)), 'generated for tests');
            insert into community (code, street_id, name_zh, name_en, geom)
            select '990000001001', id, '测试社区', 'Test community', geom from street;
            insert into grid (code, community_id, name, geom)
            select '990000001001' || lpad(k::text, 3, '0'), c.id, n, st_multi(st_expand(st_setsrid(st_makepoint({F(lon)}, {F(lat)}), 4326), 0.001 * k))
              from community c, unnest(array['n1000_in', 'n1000_out', 'n290_in', 'n290_out', 'e1000_in', 'e1000_out']) with ordinality x (n, k);
            insert into walk_node (id, geom)
            select 1, st_setsrid(st_makepoint({F(lon)}, {F(lat)}), 4326)
            union all select 2, st_project(st_makepoint({F(lon)}, {F(lat)})::geography, 2000, radians(90))::geometry
            union all select 3, st_project(st_makepoint({F(lon)}, {F(lat)})::geography, 2000, 0)::geometry;
            insert into walk_edge (source, target, length_m, kind, geom)
            select s.id, t.id, st_length(st_makeline(s.geom, t.geom)::geography, true), 'street', st_makeline(s.geom, t.geom)
              from walk_node s join walk_node t on s.id = 1 and t.id in (2, 3);
            insert into facility_category (code, name_zh, name_en, walk_minutes, walk_metres) values
                ('city_n1000', '测试一', 'Test 1000 m (network)', 15, 1000),
                ('city_e1000', '测试二', 'Test 1000 m (straight line)', 15, 1000),
                ('city_n290', '测试三', 'Test 290 m (access leg)', 15, 290);
            insert into facility (category_code, name, geom, capacity, generated)
            select code, code, st_setsrid(st_makepoint({F(lon)}, {F(lat)}), 4326), 100, true from facility_category where code like 'city_%';
            insert into household (geom, residents, foreign_residents, grid_id, street_id, generated)
            select h.p::geometry, 1, 0, g.id, (select id from street), true
              from (select st_makepoint({F(lon)}, {F(lat)})::geography g) a
              cross join (select geom::geography g from walk_node where id = 2) b
              cross join lateral (values {households}) h (grid, p)
              join grid g on g.name = h.grid;
            """;
        await using var cmd = db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }
}
