using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Npgsql;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// A server of its own on a fresh database (migrated, one account per role) whose every text field
/// that import or the API accepts holds an attack: street, community, grid, facility and category
/// names, a grid worker's name, household addresses. Two streets side by side north-east of the demo
/// (lon 116.60..116.64, lat 40.10..40.12, WGS84) with a small walking network and a coverage run over them.
/// Dropped at the end.
/// </summary>
public sealed class HostileDataFixture : IAsyncLifetime
{
    /// <summary>The attack in each field; each one pushes its field's name into <c>window.__xss</c> if it ever runs.</summary>
    public static readonly IReadOnlyDictionary<string, string> Payloads = new Dictionary<string, string>
    {
        ["streetA.nameZh"] = "<img src=x onerror=__xss.push('streetA.nameZh')>",
        ["streetA.nameEn"] = "\"><img src=x onerror=__xss.push('streetA.nameEn')>",
        ["streetB.nameZh"] = "<svg onload=__xss.push('streetB.nameZh')>",
        ["streetB.nameEn"] = "'\"><script>__xss.push('streetB.nameEn')</script>",
        ["community.nameZh"] = "<iframe srcdoc=\"<script>parent.__xss.push('community.nameZh')</script>\">",
        ["community.nameEn"] = "<img src=x onerror=__xss.push('community.nameEn')>",
        ["communityB.nameZh"] = "javascript:__xss.push('communityB.nameZh')",
        ["grid1.name"] = "<img src=x onerror=__xss.push('grid1.name')>",
        ["grid2.name"] = "\"><svg onload=__xss.push('grid2.name')>",
        ["gridB.name"] = "<details open ontoggle=__xss.push('gridB.name')>",
        ["facility1.name"] = "<img src=x onerror=__xss.push('facility1.name')>",
        ["facility2.name"] = "\"><img src=x onerror=__xss.push('facility2.name')>",
        ["category1.nameZh"] = "<img src=x onerror=__xss.push('category1.nameZh')>",
        ["category1.nameEn"] = "\"><svg onload=__xss.push('category1.nameEn')>",
        ["category2.nameZh"] = "</option><img src=x onerror=__xss.push('category2.nameZh')>",
        ["category2.nameEn"] = "javascript:__xss.push('category2.nameEn')",
        ["worker.name"] = "<img src=x onerror=__xss.push('worker.name')>",
        ["household.address"] = "<img src=x onerror=__xss.push('household.address')>",
        ["move.reason"] = "<img src=x onerror=__xss.push('move.reason')>",
        ["signin.userName"] = "<img src=x onerror=__xss.push('signin.userName')>",
    };

    public static string P(string field) => Payloads[field];

    /// <summary>The accounts made here: user name = role's short name, one per role.</summary>
    public static readonly (string User, string Role)[] Accounts =
        [("admin", "administrator"), ("planner", "planner"), ("official", "official"), ("worker", "grid_worker")];

    private readonly string _adminCs;
    private readonly string _database = $"gridgis_xss_{Guid.NewGuid():N}"[..30];
    private readonly Dictionary<string, string> _passwords = [];

    public HostileDataFixture()
    {
        _adminCs = Environment.GetEnvironmentVariable("GRIDGIS_TEST_ADMIN_DB")
                   ?? throw new InvalidOperationException("GRIDGIS_TEST_ADMIN_DB is not set: run the tests through scripts/test");
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminCs) { Database = _database }.ConnectionString;
        StateDir = Path.Combine(Path.GetTempPath(), _database);
        Directory.CreateDirectory(StateDir);
        Server = new ServerProcess(ConnectionString, StateDir, new Dictionary<string, string>
        {
            ["Coverage__RunAtStartup"] = "false",
            ["Security__SignIn__PerIp"] = "1000", ["Security__SignIn__PerUser"] = "1000",
        });
    }

    public string ConnectionString { get; }
    public string StateDir { get; }
    public ServerProcess Server { get; }
    public string Password(string user) => _passwords[user];

    /// <summary>Ids of what was imported, by name: streetA, streetB, community, grid1, grid2, gridB, facility1, facility2, worker.</summary>
    public Dictionary<string, long> Ids { get; } = [];

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminCs) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{_database}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        await ExecuteAsync("create extension if not exists postgis; create extension if not exists pgrouting");
        await Server.RunCommandAsync(null, "migrate");
        foreach (var (user, role) in Accounts)
        {
            _passwords[user] = "Xs5-" + Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18));
            await Server.RunCommandAsync(new Dictionary<string, string> { ["GRIDGIS_NEW_PASSWORD"] = _passwords[user] }, "account", "add", user, role);
        }
        // Categories come only from the demo load or by hand: two by hand, with hostile names.
        await ExecuteAsync("insert into facility_category (code, name_zh, name_en, walk_minutes) values ('xss_one', $1, $2, 15), ('xss_two', $3, $4, 10)",
            P("category1.nameZh"), P("category1.nameEn"), P("category2.nameZh"), P("category2.nameEn"));
        await Server.InitializeAsync();
        using var http = await ClientAsAsync("admin");
        await ImportAsync(http, "streets",
            Feature(Box(116.60, 40.10, 116.62, 40.12), new { code = "110105901", name_zh = P("streetA.nameZh"), name_en = P("streetA.nameEn") }),
            Feature(Box(116.62, 40.10, 116.64, 40.12), new { code = "110105902", name_zh = P("streetB.nameZh"), name_en = P("streetB.nameEn") }));
        await ImportAsync(http, "communities",
            Feature(Box(116.60, 40.10, 116.61, 40.11), new { code = "110105901001", name_zh = P("community.nameZh"), name_en = P("community.nameEn") }),
            Feature(Box(116.62, 40.10, 116.63, 40.11), new { code = "110105902001", name_zh = P("communityB.nameZh") }));
        await ImportAsync(http, "grids",
            Feature(Box(116.600, 40.100, 116.605, 40.105), new { code = "110105901001001", kind = "foreign_resident", name = P("grid1.name") }),
            Feature(Box(116.605, 40.100, 116.610, 40.105), new { code = "110105901001002", name = P("grid2.name") }),
            Feature(Box(116.62, 40.10, 116.63, 40.11), new { code = "110105902001001", name = P("gridB.name") }));
        await ImportAsync(http, "facilities",
            Point(116.615, 40.115, new { category = "xss_one", name = P("facility1.name"), capacity = 100 }),
            Point(116.635, 40.105, new { category = "xss_two", name = P("facility2.name"), capacity = 50 }));

        // A small walking network, a lattice of segments meeting at their ends, so that service areas exist.
        double[] xs = [116.601, 116.611, 116.621, 116.631, 116.639], ys = [40.101, 40.107, 40.113, 40.119];
        var edges = new List<object>();
        for (var i = 0; i < xs.Length; i++)
            for (var j = 0; j < ys.Length; j++)
            {
                if (i + 1 < xs.Length) edges.Add(Line(xs[i], ys[j], xs[i + 1], ys[j]));
                if (j + 1 < ys.Length) edges.Add(Line(xs[i], ys[j], xs[i], ys[j + 1]));
            }
        await ImportAsync(http, "network", [.. edges]);

        var csv = new StringBuilder("address,lon,lat,residents,foreign_residents,nationalities\n");
        var address = "\"" + P("household.address").Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        foreach (var (x0, y0) in new[] { (116.6012, 40.1012), (116.6062, 40.1012), (116.6212, 40.1012) })
            for (var i = 0; i < 6; i++)
                csv.Append(CultureInfo.InvariantCulture, $"{address},{x0 + 0.0005 * i:0.0000},{y0 + 0.0004 * i:0.0000},3,2,KR:2\n");
        var households = await http.PostAsync("/api/households/import?crs=WGS84", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(households.IsSuccessStatusCode, $"household import: {await households.Content.ReadAsStringAsync()}");

        foreach (var (name, code) in new[] { ("streetA", "110105901"), ("streetB", "110105902") })
            Ids[name] = await IdAsync(http, "/api/streets?limit=10000", code);
        Ids["community"] = await IdAsync(http, "/api/communities?limit=10000", "110105901001");
        foreach (var (name, code) in new[] { ("grid1", "110105901001001"), ("grid2", "110105901001002"), ("gridB", "110105902001001") })
            Ids[name] = await IdAsync(http, "/api/grids?limit=10000", code);

        var worker = await http.PostAsJsonAsync("/api/grid-workers", new { name = P("worker.name"), languages = new[] { "ko", "zh" }, userName = "worker" });
        Assert.True(worker.IsSuccessStatusCode, $"grid worker: {await worker.Content.ReadAsStringAsync()}");
        Ids["worker"] = (await worker.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        foreach (var grid in new[] { "grid1", "grid2" })
            (await http.PutAsJsonAsync($"/api/grids/{Ids[grid]}/worker", new { workerId = Ids["worker"] })).EnsureSuccessStatusCode();

        // A complete run, so that the planner's table, gaps and facility loads have something to show.
        var run = await http.PostAsJsonAsync("/api/coverage/runs", new { mode = "network" });
        Assert.True(run.IsSuccessStatusCode, $"coverage run: {await run.Content.ReadAsStringAsync()}");
        var runId = (await run.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var deadline = DateTime.UtcNow.AddMinutes(5);
        while (true)
        {
            using var runs = JsonDocument.Parse(await http.GetStringAsync("/api/coverage/runs?limit=10"));
            var state = runs.RootElement.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("id").GetInt64() == runId).GetProperty("state").GetString();
            if (state == "complete") break;
            if (state is "failed" or "interrupted" || DateTime.UtcNow > deadline) throw new InvalidOperationException($"coverage run {runId}: {state}");
            await Task.Delay(500);
        }
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminCs) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{_database}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
        try { Directory.Delete(StateDir, true); } catch (IOException) { }
    }

    /// <summary>An HTTP client signed in with a bearer token as one of this fixture's accounts.</summary>
    public async Task<HttpClient> ClientAsAsync(string user)
    {
        var http = new HttpClient { BaseAddress = new Uri(Server.BaseUrl) };
        var r = await http.PostAsJsonAsync("/api/auth/token", new { userName = user, password = Password(user) });
        r.EnsureSuccessStatusCode();
        var token = (await r.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    public async Task ExecuteAsync(string sql, params object[] values)
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var v in values) cmd.Parameters.Add(new NpgsqlParameter { Value = v });
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>EPSG:3857 metres of a WGS84 position (what the viewer's map works in).</summary>
    public static double[] WebMercator(double lon, double lat) =>
        [lon * 20037508.342789244 / 180, Math.Log(Math.Tan((90 + lat) * Math.PI / 360)) * 6378137.0];

    private static async Task ImportAsync(HttpClient http, string layer, params object[] features)
    {
        var body = JsonSerializer.Serialize(new { type = "FeatureCollection", features });
        var r = await http.PostAsync($"/api/import/{layer}", new StringContent(body, Encoding.UTF8, "application/geo+json"));
        Assert.True(r.IsSuccessStatusCode, $"import {layer}: {await r.Content.ReadAsStringAsync()}");
    }

    private static async Task<long> IdAsync(HttpClient http, string url, string code)
    {
        using var doc = JsonDocument.Parse(await http.GetStringAsync(url));
        return doc.RootElement.GetProperty("features").EnumerateArray()
            .First(f => f.GetProperty("properties").GetProperty("code").GetString() == code).GetProperty("id").GetInt64();
    }

    private static object Feature(double[][] ring, object properties) =>
        new { type = "Feature", geometry = new { type = "Polygon", coordinates = new[] { ring } }, properties };

    private static object Line(double x0, double y0, double x1, double y1) =>
        new { type = "Feature", geometry = new { type = "LineString", coordinates = new[] { new[] { x0, y0 }, new[] { x1, y1 } } }, properties = new { kind = "path" } };

    private static object Point(double lon, double lat, object properties) =>
        new { type = "Feature", geometry = new { type = "Point", coordinates = new[] { lon, lat } }, properties };

    /// <summary>A lon/lat box as a counter-clockwise ring (RFC 7946).</summary>
    private static double[][] Box(double x0, double y0, double x1, double y1) =>
        [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
}
