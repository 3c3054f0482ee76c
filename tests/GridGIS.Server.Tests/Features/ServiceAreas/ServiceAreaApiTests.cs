using System.Net;
using System.Text.Json;
using GridGIS.Core.Geo;
using GridGIS.Core.Network;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GridGIS.Server.Tests.Features.ServiceAreas;

/// <summary>
/// The service-area and nearest endpoints on a network of their own: a 3 km street (nodes every
/// 100 m) with a 500 m side street, far from every other test's data, and a category of their own.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ServiceAreaApiTests(PostgisFixture fx) : IAsyncLifetime
{
    private const double X0 = 300_000, Y0 = 4_450_000;      // local metres, ~114.7E 40.2N
    private readonly string _category = $"eng_{Guid.NewGuid():N}"[..20];
    private static int _slot = 100;
    private int _facilityA, _facilityB, _facilityFar;

    public async Task InitializeAsync()
    {
        var lines = Enumerable.Range(0, 30).Select(i => Line(X0 + i * 100, Y0, X0 + (i + 1) * 100, Y0))
            .Append(Line(X0 + 1500, Y0, X0 + 1500, Y0 + 500)).ToList();
        var slot = Interlocked.Increment(ref _slot);
        await TestNetworks.WriteAsync(fx.Db, WalkNetwork.FromLines(lines), 8_000_000_000L + slot * 1000L, 8_000_000_000L + slot * 1000L);
        await Exec("insert into facility_category (code, name_zh, name_en, walk_minutes) values ($1, '测试', 'Engine test', 15)", _category);
        _facilityA = await InsertFacility("A", X0 + 1000, Y0 + 20);
        _facilityB = await InsertFacility("B", X0 + 2500, Y0 - 10);
        _facilityFar = await InsertFacility("Far", X0 + 1000, Y0 + 2000);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static LineString Line(double x1, double y1, double x2, double y2) => new([new(x1, y1), new(x2, y2)]);

    private async Task Exec(string sql, params object[] args)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new() { Value = a });
        await cmd.ExecuteNonQueryAsync();
    }

    private async Task<int> InsertFacility(string name, double x, double y)
    {
        var (lon, lat) = PostgisFixture.City.Projection.Inverse(x, y);
        await using var cmd = fx.Db.CreateCommand("insert into facility (category_code, name, geom) values ($1, $2, st_setsrid(st_makepoint($3, $4), 4326)) returning id");
        cmd.Parameters.Add(new() { Value = _category }); cmd.Parameters.Add(new() { Value = name });
        cmd.Parameters.Add(new() { Value = lon }); cmd.Parameters.Add(new() { Value = lat });
        return (int)(await cmd.ExecuteScalarAsync())!;
    }

    private static readonly JsonSerializerOptions GeoJsonOptions = new() { Converters = { new GeoJsonConverterFactory() } };

    private static Geometry[] Features(string json) =>
        JsonDocument.Parse(json).RootElement.GetProperty("features").EnumerateArray()
            .Select(f => JsonSerializer.Deserialize<Geometry>(f.GetProperty("geometry").GetRawText(), GeoJsonOptions)!)
            .Select(PostgisFixture.City.Projection.Forward).ToArray();

    private static bool Covers(Geometry g, double x, double y) => g.Covers(new Point(x, y));

    [Fact]
    public async Task FacilityServiceArea_FollowsTheStreet_WhenFiveMinutes()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync($"/api/facilities/{_facilityA}/service-area?minutes=5");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        var area = Assert.Single(Features(await response.Content.ReadAsStringAsync()));
        // 5 min at 4 km/h = 333.3 m each way from x0+1000 (+20 m access leg), plus the 50 m buffer
        Assert.True(Covers(area, X0 + 1000 + 300, Y0) && Covers(area, X0 + 1000 - 300, Y0));
        Assert.False(Covers(area, X0 + 1000 + 400, Y0));
        Assert.False(Covers(area, X0 + 1000, Y0 + 200));    // not a circle: nothing off the street
    }

    [Fact]
    public async Task FacilityServiceArea_ReturnsNestedBands_WhenBandsAsked()
    {
        var client = await fx.ClientAsAsync(Roles.Official);
        var json = await client.GetStringAsync($"/api/facilities/{_facilityA}/service-area?bands=15,5,10");
        var bands = Features(json);
        Assert.Equal(3, bands.Length);
        Assert.True(bands[0].Area < bands[1].Area && bands[1].Area < bands[2].Area);
        Assert.True(bands[0].Difference(bands[1]).Area < 1e-3 && bands[1].Difference(bands[2]).Area < 1e-3);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal([5.0, 10.0, 15.0], doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("properties").GetProperty("minutes").GetDouble()));
        // the 15-minute band reaches 480 m up the side street at x0+1500 (1000 - 20 - 500), not its end
        Assert.True(Covers(bands[2], X0 + 1500, Y0 + 400));
        Assert.False(Covers(bands[2], X0 + 1500, Y0 + 540));
    }

    [Fact]
    public async Task CategoryServiceAreas_DissolvesFacilities_AndListsOffNetworkOnes()
    {
        var client = await fx.ClientAsAsync(Roles.GridWorker);
        var json = await client.GetStringAsync($"/api/service-areas?category={_category}&minutes=5");
        var area = Assert.Single(Features(json));
        Assert.True(Covers(area, X0 + 1000, Y0) && Covers(area, X0 + 2500, Y0));
        Assert.False(Covers(area, X0 + 1750, Y0));
        using var doc = JsonDocument.Parse(json);
        var props = doc.RootElement.GetProperty("features")[0].GetProperty("properties");
        Assert.Equal([_facilityFar], props.GetProperty("offNetworkFacilityIds").EnumerateArray().Select(e => e.GetInt32()));
    }

    [Fact]
    public async Task CategoryServiceAreas_ReachTheNewFacility_WhenOneIsAddedAfterTheFirstRequest()
    {
        // the dissolved bands are cached per network, facilities and options: a new facility must not get a stale answer
        var client = await fx.ClientAsAsync(Roles.Planner);
        var url = $"/api/service-areas?category={_category}&bands=5,10";
        var before = Features(await client.GetStringAsync(url));
        Assert.Equal(Features(await client.GetStringAsync(url))[1].Area, before[1].Area, 1e-6);
        Assert.False(Covers(before[1], X0 + 100, Y0));
        await InsertFacility("New", X0 + 100, Y0 + 5);
        var after = Features(await client.GetStringAsync(url));
        Assert.True(Covers(after[1], X0 + 100, Y0));
        Assert.True(after[0].Area > before[0].Area);
    }

    [Fact]
    public async Task FacilityServiceArea_IsACircle_WhenModeEuclidean()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var area = Assert.Single(Features(await client.GetStringAsync($"/api/facilities/{_facilityFar}/service-area?minutes=15&mode=euclidean")));
        var r = 1000 / 1.3;
        Assert.Equal(Math.PI * r * r, area.Area, 0.01 * area.Area);
    }

    [Fact]
    public async Task Nearest_GivesTimeAndLength_ToTheNearestFacilityOfTheCategory()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var (lon, lat) = PostgisFixture.City.Projection.Inverse(X0 + 2000, Y0 + 5);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(FormattableString.Invariant($"/api/nearest?lon={lon}&lat={lat}")));
        Assert.False(doc.RootElement.GetProperty("offNetwork").GetBoolean());
        var row = doc.RootElement.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == _category);
        Assert.Equal(_facilityB, row.GetProperty("facilityId").GetInt32());
        // 5 m access + 500 m along + 10 m access at B
        Assert.Equal(515, row.GetProperty("metres").GetDouble(), 0.01);
        Assert.Equal(515 * 0.9, row.GetProperty("seconds").GetDouble(), 0.01);
        Assert.True(row.GetProperty("withinThreshold").GetBoolean());
    }

    [Fact]
    public async Task Nearest_FlagsOffNetwork_WhenPointFarFromEveryWalkway()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var (lon, lat) = PostgisFixture.City.Projection.Inverse(X0 + 1000, Y0 + 2000);
        using var doc = JsonDocument.Parse(await client.GetStringAsync(FormattableString.Invariant($"/api/nearest?lon={lon}&lat={lat}")));
        Assert.True(doc.RootElement.GetProperty("offNetwork").GetBoolean());
        var row = doc.RootElement.GetProperty("categories").EnumerateArray().Single(c => c.GetProperty("category").GetString() == _category);
        Assert.Equal(JsonValueKind.Null, row.GetProperty("metres").ValueKind);
    }

    [Fact]
    public async Task FacilityServiceArea_Returns422_WhenFacilityOffNetwork()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync($"/api/facilities/{_facilityFar}/service-area?minutes=10");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("off network", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("minutes=0", "minutes must be one of 5, 10, 15, 20, 30")]
    [InlineData("minutes=61", "minutes must be one of 5, 10, 15, 20, 30")]
    [InlineData("minutes=abc", "minutes must be one of 5, 10, 15, 20, 30")]
    [InlineData("bands=5,x", "band 'x'")]
    [InlineData("minutes=5&bands=5,10", "either minutes or bands")]
    [InlineData("mode=flying", "mode must be")]
    [InlineData("buffer=0", "buffer must be")]
    public async Task FacilityServiceArea_Returns400ProblemDetails_WhenQueryIsBad(string query, string expected)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync($"/api/facilities/{_facilityA}/service-area?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/facilities/2147483000/service-area?minutes=5", HttpStatusCode.NotFound, "no facility with id")]
    [InlineData("/api/service-areas?category=no_such_category&minutes=5", HttpStatusCode.NotFound, "no facility category")]
    [InlineData("/api/service-areas?minutes=5", HttpStatusCode.BadRequest, "category is required")]
    [InlineData("/api/nearest?lon=200&lat=40", HttpStatusCode.BadRequest, "lon must be")]
    [InlineData("/api/nearest?lon=116.4", HttpStatusCode.BadRequest, "lat must be")]
    public async Task Endpoints_ReturnProblemDetails_WhenTargetUnknownOrQueryBad(string url, HttpStatusCode status, string expected)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync(url);
        Assert.Equal(status, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Endpoints_Return401_WithoutToken()
    {
        var response = await fx.Factory.CreateClient().GetAsync($"/api/facilities/{_facilityA}/service-area?minutes=5");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
