using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Server.Features.City;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridGIS.Server.Tests.Features.City;

/// <summary>
/// docs/new-city.md followed end to end, over HTTP, for Nanjing (118.78E, the CGCS2000 120E zone) on a database of its own:
/// the city's boundary files in GCJ-02 (made by <c>city-files</c> from the real Nanjing extract, generated), the city profile,
/// the walking network, facilities (preview, then replace) and basemap from the same extract, households from CSV, and a
/// network and a straight-line coverage run. The figures are checked against the data: the stored counts equal what each
/// step answered, and per category the covered households equal (straight line, detour factor 1) or do not exceed (on the
/// network: no walk is shorter than the straight line) what PostGIS itself counts within the category's distance on the spheroid.
/// </summary>
public sealed class NewCityWalkthroughTests
{
    private const string Extract = "data/osm/nanjing_xinjiekou.osm";

    [Fact]
    public async Task Walkthrough_CompletesWithFiguresTheDataConfirms_ForNanjingWithGcj02Files()
    {
        var root = Root();
        var files = Directory.CreateTempSubdirectory("gridgis-nanjing-").FullName;
        try
        {
            // 1. The city's files (here generated from the extract; a real city brings its own), in GCJ-02.
            Assert.Equal(0, await CityFilesCommand.RunAsync([Path.Combine(root, Extract), files, "--district", "320102", "--name", "南京新街口", "--households", "1500"]));
            await using var db = new PostgisFixture();
            await db.InitializeAsync();
            // 2. The city profile: configured, as the walkthrough's environment variables do.
            await using var host = Host(db.ConnectionString);
            var city = host.Services.GetRequiredService<CityProfile>();
            Assert.Equal((4549, 120.0, "南京"), (city.MetricEpsg, city.CentralMeridian, city.Name));
            var admin = await AdminAsync(host, db.Db);

            // 3. Boundaries, GCJ-02: streets, communities, grids (codes checked on the way in).
            foreach (var (layer, count) in new[] { ("streets", 2), ("communities", 6), ("grids", 24) })
            {
                using var answer = await PostJsonAsync(admin, $"/api/import/{layer}?crs=gcj02", File.ReadAllBytes(Path.Combine(files, $"{layer}.geojson")), "application/geo+json");
                Assert.Equal(count, answer.RootElement.GetProperty("inserted").GetInt32());
            }
            Assert.Equal(2, await ScalarAsync(db, "select count(*) from street where st_x(st_centroid(geom)) between 118.7 and 118.9"));
            // The GCJ-02 offset in Nanjing is about 500 m; stored as WGS84, the grids tile the streets exactly.
            Assert.True(await ScalarAsync(db, "select round(abs(st_area((select st_union(geom) from grid)::geography) - st_area((select st_union(geom) from street)::geography)))") < 1);

            // 4. The walking network from OSM, replacing none.
            var extract = File.ReadAllBytes(Path.Combine(root, Extract));
            using (var networkAnswer = await PostJsonAsync(admin, "/api/network/import/osm?replace=true", extract, "application/xml"))
                Assert.Equal(await ScalarAsync(db, "select count(*) from walk_edge"), networkAnswer.RootElement.GetProperty("edges").GetInt64());

            // 5. Facilities by the mapping: the preview writes nothing and names what no rule takes; replace writes what it previewed.
            using var preview = await PostJsonAsync(admin, "/api/facilities/import/osm?mode=preview", extract, "application/xml");
            Assert.Equal(0, await ScalarAsync(db, "select count(*) from facility"));
            var previewed = Categories(preview);
            Assert.Equal(preview.RootElement.GetProperty("facilities").GetInt32(), preview.RootElement.GetProperty("rules").EnumerateArray().Sum(r => r.GetProperty("features").GetInt32()));
            Assert.Contains(preview.RootElement.GetProperty("unmapped").EnumerateArray(), u => u.GetProperty("tag").GetString() == "amenity=restaurant");
            Assert.True(previewed["food_market"] > 0 && previewed["primary_school"] > 0, string.Join(", ", previewed));
            using var imported = await PostJsonAsync(admin, "/api/facilities/import/osm?mode=replace", extract, "application/xml");
            Assert.Equal(previewed, Categories(imported));
            foreach (var (category, count) in previewed)
            {
                using var listed = JsonDocument.Parse(await admin.GetStringAsync($"/api/facilities?category={category}&limit=1000"));
                Assert.Equal(count, listed.RootElement.GetProperty("features").GetArrayLength());
            }
            // OSM tags no capacity here: every facility took its category's default, and the answer says so.
            Assert.Equal(imported.RootElement.GetProperty("facilities").GetInt32(), imported.RootElement.GetProperty("defaultCapacityUsed").GetInt32());
            Assert.Equal(0, await ScalarAsync(db, "select count(*) from facility f join facility_category k on k.code = f.category_code where f.capacity is distinct from k.default_capacity"));

            // 6. Basemap features.
            using (var basemap = await PostJsonAsync(admin, "/api/basemap/import/osm?replace=all", extract, "application/xml"))
            {
                Assert.Equal(await ScalarAsync(db, "select count(*) from basemap_feature where source = 'osm'"), basemap.RootElement.GetProperty("written").GetInt64());
                Assert.True(basemap.RootElement.GetProperty("kinds").GetProperty("building").GetInt64() > 1000);
            }

            // 7. Households from CSV (GCJ-02, labelled generated): every one lands in a grid.
            using (var householdAnswer = await PostJsonAsync(admin, "/api/households/import", File.ReadAllBytes(Path.Combine(files, "households.csv")), "text/csv"))
                Assert.Equal(1500, householdAnswer.RootElement.GetProperty("imported").GetInt32());
            Assert.Equal(1500, await ScalarAsync(db, "select count(*) from household where grid_id is not null and generated"));

            // 8. Coverage runs: on the network and in a straight line.
            var network = await RunAsync(admin, "network");
            var straight = await RunAsync(admin, "euclidean");
            var sql = await WithinDistanceAsync(db);
            var households = await ScalarAsync(db, "select count(*) from household");
            foreach (var (category, within) in sql)
            {
                var (n, e) = (await CoveredAsync(db, network, category), await CoveredAsync(db, straight, category));
                Assert.Equal(households, n.Households);
                Assert.True(n.Covered <= within, $"{category}: {n.Covered} covered on the network, but only {within} lie within its distance in a straight line");
                // The run measures in EPSG:4549 and PostGIS on the spheroid: 0.02 % apart at 118.8E, a household or two on the line.
                Assert.True(Math.Abs(e.Covered - within) <= 3, $"{category}: {e.Covered} covered in a straight line, PostGIS counts {within}");
            }
            Assert.Contains(sql, s => s.Value > 0 && s.Value < households);      // the extract has gaps: a real test of the counts
        }
        finally
        {
            Directory.Delete(files, recursive: true);
        }
    }

    private static Dictionary<string, int> Categories(JsonDocument answer) => answer.RootElement.GetProperty("categories").EnumerateArray()
        .Where(c => c.GetProperty("facilities").GetInt32() > 0)
        .ToDictionary(c => c.GetProperty("category").GetString()!, c => c.GetProperty("facilities").GetInt32());

    /// <summary>Per category, the households within its distance (metres, or minutes at its speed) of one of its facilities, by PostGIS on the spheroid.</summary>
    private static async Task<Dictionary<string, long>> WithinDistanceAsync(PostgisFixture db)
    {
        await using var cmd = db.Db.CreateCommand("""
            select k.code, (select count(*) from household h
                             where exists (select 1 from facility f
                                            where f.category_code = k.code
                                              and st_dwithin(f.geom::geography, h.geom::geography, coalesce(k.walk_metres, k.walk_minutes * k.walk_speed_kmh * 1000 / 60))))
              from facility_category k order by k.code
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        var within = new Dictionary<string, long>();
        while (await r.ReadAsync()) within[r.GetString(0)] = r.GetInt64(1);
        return within;
    }

    private static async Task<(long Households, long Covered)> CoveredAsync(PostgisFixture db, long run, string category)
    {
        await using var cmd = db.Db.CreateCommand("select households, households_covered from coverage_unit_result where run_id = $1 and category_code = $2 and level = 'district'");
        cmd.Parameters.Add(new() { Value = run });
        cmd.Parameters.Add(new() { Value = category });
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync(), $"run {run} has no district result for {category}");
        return (r.GetInt64(0), r.GetInt64(1));
    }

    private static async Task<long> RunAsync(HttpClient admin, string mode)
    {
        var response = await admin.PostAsJsonAsync("/api/coverage/runs", new { mode });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var started = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var id = started.RootElement.GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow.AddSeconds(300);      // bounded; generous: the machine is shared
        while (DateTime.UtcNow < deadline)
        {
            using var run = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{id}"));
            var state = run.RootElement.GetProperty("run").GetProperty("state").GetString();
            if (state == "complete") return id;
            Assert.True(state != "failed", run.RootElement.GetProperty("run").GetProperty("error").GetString());
            await Task.Delay(250);
        }
        throw new TimeoutException($"coverage run {id} ({mode}) unfinished after 300 s");
    }

    private static async Task<JsonDocument> PostJsonAsync(HttpClient client, string url, byte[] body, string mediaType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = mediaType == "application/xml" ? null : "utf-8" };
        var response = await client.PostAsync(url, content);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"POST {url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }

    private static async Task<long> ScalarAsync(PostgisFixture db, string sql)
    {
        await using var cmd = db.Db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>A server on <paramref name="cs"/> configured as docs/new-city.md says, with a Hangfire server of its own.</summary>
    private static WebApplicationFactory<Program> Host(string cs) => new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
        .UseSetting("ConnectionStrings:GridGIS", cs)
        .UseSetting("City:Name", "南京").UseSetting("City:MetricEpsg", "4549").UseSetting("City:TimeZone", "Asia/Shanghai").UseSetting("City:CodePrefix", "320102")
        .UseSetting("Coverage:RunAtStartup", "false").UseSetting("Coverage:QueuePollSeconds", "0.2").UseSetting("Coverage:Workers", "2")
        .UseSetting("Coverage:DetourFactor", "1"));

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

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "GridGIS.sln"))) return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (GridGIS.sln)");
    }
}
