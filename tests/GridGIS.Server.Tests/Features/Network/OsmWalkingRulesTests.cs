using System.Net;
using System.Net.Http.Json;
using System.Text;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Network;

/// <summary>
/// Each walking rule of docs/osm.md shown applied end to end: a tiny hand-made .osm file imported through the API
/// (mode=replace, a database of the class's own), then walked with <c>GET /api/network/distance</c>. The files put a way
/// straight from A to B (through M, where a barrier may stand) beside a detour A-C-B of footway: "straight" means the walk
/// equals the geodesic A-B to 1 cm, "detour" that the rule closed the straight way (the walk is the detour's ~1.65 times).
/// </summary>
public sealed class OsmWalkingRulesTests : IAsyncLifetime
{
    private const double X0 = 117.0, Y0 = 41.0, D = 0.001;
    private OwnDatabase _own = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _own = await OwnDatabase.CreateAsync();
        _admin = await _own.ClientAsAsync(Roles.Administrator);
    }

    public async Task DisposeAsync() => await _own.DisposeAsync();

    private static string F(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);

    private static string Node(long id, double lon, double lat, string tags = "") =>
        tags.Length == 0 ? $"""<node id="{id}" lat="{F(lat)}" lon="{F(lon)}"/>"""
            : $"""<node id="{id}" lat="{F(lat)}" lon="{F(lon)}">{Tags(tags)}</node>""";

    private static string Way(long id, string tags, params long[] refs) =>
        $"""<way id="{id}">{string.Concat(refs.Select(r => $"<nd ref=\"{r}\"/>"))}{Tags(tags)}</way>""";

    private static string Tags(string tags) => string.Concat(tags.Split(';', StringSplitOptions.RemoveEmptyEntries)
        .Select(kv => kv.Split('=')).Select(kv => $"""<tag k="{kv[0]}" v="{kv[1]}"/>"""));

    private static string Osm(params string[] elements) =>
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<osm version=\"0.6\" generator=\"hand\">\n" + string.Join("\n", elements) + "\n</osm>";

    private async Task<OsmImportResult> ImportAsync(string osm, string mode, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _admin.PostAsync($"/api/network/import/osm?mode={mode}", new StringContent(osm, Encoding.UTF8, "application/xml"));
        Assert.True(response.StatusCode == expected, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<OsmImportResult>())!;
    }

    private async Task<NetworkDistance> WalkAsync((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        var response = await _admin.GetAsync($"/api/network/distance?from={F(a.Lon)},{F(a.Lat)}&to={F(b.Lon)},{F(b.Lat)}");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<NetworkDistance>())!;
    }

    private async Task<double> GeodesicAsync((double Lon, double Lat) a, (double Lon, double Lat) b)
    {
        await using var cmd = _own.Db.CreateCommand("select st_distance(st_makepoint($1, $2)::geography, st_makepoint($3, $4)::geography, true)");
        foreach (var v in new[] { a.Lon, a.Lat, b.Lon, b.Lat }) cmd.Parameters.Add(new() { Value = v });
        return (double)(await cmd.ExecuteScalarAsync())!;
    }

    [Theory]
    [InlineData("highway=residential", "", "straight", "straight")]
    [InlineData("highway=residential;foot=no", "", "detour", "detour")]
    [InlineData("highway=path;foot=designated", "", "straight", "straight")]
    [InlineData("highway=service;access=private", "", "detour", "detour")]
    [InlineData("highway=service;access=no", "", "detour", "detour")]
    [InlineData("highway=service;access=private;foot=yes", "", "straight", "straight")]
    [InlineData("highway=service;access=no;foot=permissive", "", "straight", "straight")]
    [InlineData("highway=steps", "", "straight", "straight")]
    [InlineData("highway=footway;footway=sidewalk", "", "straight", "straight")]
    [InlineData("highway=footway;footway=crossing", "", "straight", "straight")]
    [InlineData("highway=footway;footway=crossing;crossing=no", "", "detour", "detour")]
    [InlineData("highway=motorway", "", "detour", "detour")]
    [InlineData("highway=trunk", "", "detour", "detour")]
    [InlineData("highway=trunk;sidewalk=both", "", "straight", "straight")]
    [InlineData("highway=trunk;sidewalk=separate", "", "detour", "detour")]
    [InlineData("highway=primary;sidewalk=no", "", "straight", "straight")]
    [InlineData("highway=residential", "barrier=gate;access=private", "detour", "detour")]
    [InlineData("highway=residential", "barrier=lift_gate;access=no", "detour", "detour")]
    [InlineData("highway=residential", "barrier=gate;access=yes", "straight", "straight")]
    [InlineData("highway=residential", "barrier=gate", "straight", "straight")]
    [InlineData("highway=residential", "barrier=gate;access=private;foot=yes", "straight", "straight")]
    [InlineData("highway=residential;oneway=yes", "", "straight", "straight")]
    [InlineData("highway=footway;oneway=yes", "", "straight", "detour")]
    [InlineData("highway=residential;oneway:foot=-1", "", "detour", "straight")]
    public async Task Distance_FollowsTheRule(string wayTags, string nodeTags, string forward, string backward)
    {
        var (a, b) = ((X0, Y0), (X0 + 2 * D, Y0));
        var osm = Osm(Node(1, X0, Y0), Node(2, X0 + D, Y0, nodeTags), Node(3, X0 + 2 * D, Y0), Node(4, X0 + D, Y0 + D),
            Way(10, wayTags, 1, 2, 3), Way(11, "highway=footway", 1, 4, 3));
        await ImportAsync(osm, "replace");
        var straight = await GeodesicAsync(a, b);
        foreach (var (from, to, expected) in new[] { (a, b, forward), (b, a, backward) })
        {
            var walk = await WalkAsync(from, to);
            Assert.True(walk.Reachable);
            if (expected == "straight") Assert.Equal(straight, walk.Metres!.Value, 0.01);
            else Assert.True(walk.Metres > 1.5 * straight, $"{wayTags} {nodeTags}: {walk.Metres} m is not a detour of {straight} m");
        }
    }

    [Fact]
    public async Task Distance_CrossesAPedestrianAreaStraight()
    {
        double x = X0 + D / 2;
        var osm = Osm(Node(1, X0, Y0), Node(2, X0 + D, Y0), Node(3, X0 + D, Y0 + D), Node(4, X0, Y0 + D),
            Node(5, x, Y0), Node(7, x, Y0 + D), Node(15, x, Y0 - D), Node(17, x, Y0 + 2 * D),
            Way(100, "highway=pedestrian;area=yes;name=广场", 1, 5, 2, 3, 7, 4, 1), Way(101, "highway=footway", 15, 5), Way(103, "highway=footway", 17, 7));
        var result = await ImportAsync(osm, "replace");
        Assert.Equal(1, result.AreaCrossings);
        var walk = await WalkAsync((x, Y0 - D), (x, Y0 + 2 * D));
        Assert.Equal(await GeodesicAsync((x, Y0 - D), (x, Y0 + 2 * D)), walk.Metres!.Value, 0.01);
    }

    [Fact]
    public async Task Distance_DoesNotJoinABridgeToTheRoadItCrosses()
    {
        var osm = Osm(Node(1, X0, Y0), Node(3, X0 + 2 * D, Y0), Node(5, X0 + D, Y0 - D), Node(6, X0 + D, Y0 + D),
            Way(10, "highway=residential", 1, 3), Way(12, "highway=footway;bridge=yes;layer=1", 5, 6));
        var result = await ImportAsync(osm, "replace");
        Assert.Equal(2, result.Network.Components);
        Assert.False((await WalkAsync((X0 + D, Y0 - D), (X0, Y0))).Reachable);
        Assert.True((await WalkAsync((X0 + D, Y0 - D), (X0 + D, Y0 + D))).Reachable);
    }

    [Fact]
    public async Task ImportOsm_JoinsSharedOsmNodesAndNearDeadEnds_ButNotABridgeEnd_WhenModeIsJoin()
    {
        var m = 1 / 84_000.0;                // ~1 m of longitude at 41N, degrees
        double y = Y0 + 0.01;
        await ImportAsync(Osm(Node(1, X0, y), Node(2, X0 + D, y), Way(10, "highway=residential", 1, 2)), "replace");
        var second = Osm(Node(1, X0, y), Node(2, X0 + D, y), Node(3, X0 + 2 * D, y),
            Node(20, X0 - 0.5 * m, y), Node(21, X0 - D, y), Node(30, X0 + D, y - 0.5 * m), Node(31, X0 + D, y - D),
            Way(10, "highway=residential", 1, 2),                          // the overlap of two extracts: stored already
            Way(11, "highway=footway", 2, 3),                              // starts at a stored OSM node
            Way(12, "highway=footway", 21, 20),                            // ends 0.5 m from the stored node 1
            Way(13, "highway=footway;bridge=yes", 31, 30));                // a bridge ending 0.5 m from node 2, on another level
        var r = await ImportAsync(second, "join");
        Assert.Equal(("join", 2, 1, 1, 3), (r.Mode, r.JoinedByOsmId, r.JoinedByDistance, r.DuplicateEdges, r.Edges));
        Assert.True((await WalkAsync((X0 - D, y), (X0 + 2 * D, y))).Reachable);
        Assert.False((await WalkAsync((X0 + D, y - D), (X0 + 2 * D, y))).Reachable);
        Assert.Equal((2, 4), (r.Network.Components, r.Network.DeadEnds));
        Assert.Equal(4L + 0, await CountAsync("select count(*) from walk_edge"));
        Assert.Equal(2L, await CountAsync("select count(*) from walk_node where level = 1"));
    }

    [Fact]
    public async Task ImportOsm_Returns400_WhenModeOrToleranceIsUnknown()
    {
        var osm = Osm(Node(1, X0, Y0), Node(2, X0 + D, Y0), Way(10, "highway=residential", 1, 2));
        var bad = await _admin.PostAsync("/api/network/import/osm?mode=append", new StringContent(osm, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'join' or 'replace'", await bad.Content.ReadAsStringAsync());
        var far = await _admin.PostAsync("/api/network/import/osm?tolerance=50", new StringContent(osm, Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.BadRequest, far.StatusCode);
        Assert.Contains("tolerance", await far.Content.ReadAsStringAsync());
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var cmd = _own.Db.CreateCommand(sql);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
