using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Grids;

[Collection(PostgisCollection.Name)]
public sealed class HouseholdsApiTests(PostgisFixture fx)
{
    /// <summary>Two grids side by side: "own" worked by a signed-in grid worker, "other" by someone else.</summary>
    private async Task<(GridTestData D, HttpClient Worker, string WorkerName, int Own, int Other, long OwnHousehold, long OtherHousehold)> SetUpAsync()
    {
        var d = new GridTestData(fx);
        var userName = $"w-{Guid.NewGuid():N}"[..20];
        var worker = await fx.ClientAsAsync(Roles.GridWorker, userName);
        var me = await d.WorkerAsync("王网格", ["zh"], userName);
        var someoneElse = await d.WorkerAsync("李网格", ["zh", "en"]);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        var own = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10), me);
        var other = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10), someoneElse);
        return (d, worker, userName, own, other, await d.HouseholdAsync(5, 5, gridId: own), await d.HouseholdAsync(15, 5, gridId: other));
    }

    [Fact]
    public async Task Move_WritesAuditRow_AndListsIt_WhenWorkerMovesFromOwnGrid()
    {
        var (d, worker, userName, own, other, household, _) = await SetUpAsync();

        var response = await worker.PostAsJsonAsync($"/api/households/{household}/move", new { toGridId = other, reason = "moved next door" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(other, await d.GridOfAsync(household));

        var audit = await d.ScalarAsync<string>(
            "select actor || '|' || (before->>'gridId') || '|' || (after->>'gridId') || '|' || (after->>'reason') || '|' || (at > now() - interval '5 minutes') from audit_log where action = 'household.move' and entity_id = $1",
            household.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal($"{userName}|{own}|{other}|moved next door|true", audit);

        // The household is no longer in the worker's grid: they cannot see it any more; the admin lists the move.
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/households/{household}/moves")).StatusCode);
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var moves = JsonDocument.Parse(await admin.GetStringAsync($"/api/households/{household}/moves"));
        var move = Assert.Single(moves.RootElement.EnumerateArray());
        Assert.Equal(userName, move.GetProperty("by").GetString());
        Assert.Equal(own, move.GetProperty("fromGridId").GetInt32());
        Assert.Equal(d.Code("002"), move.GetProperty("toGridCode").GetString());
        Assert.Equal("moved next door", move.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("""{"toGridId": OTHER}""", "reason")]
    [InlineData("""{"toGridId": OTHER, "reason": "   "}""", "reason")]
    [InlineData("""{"reason": "x"}""", "toGridId")]
    [InlineData("""{"toGridId": 2147483000, "reason": "x"}""", "toGridId")]
    [InlineData("""{"toGridId": OWN, "reason": "x"}""", "toGridId")]
    public async Task Move_Returns400AndChangesNothing_WhenRequestIsBad(string json, string field)
    {
        var (d, worker, _, own, other, household, _) = await SetUpAsync();
        var audits = await d.AuditCountAsync("household.move");
        var body = new StringContent(json.Replace("OTHER", other.ToString()).Replace("OWN", own.ToString()), System.Text.Encoding.UTF8, "application/json");
        var response = await worker.PostAsync($"/api/households/{household}/move", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(own, await d.GridOfAsync(household));
        Assert.Equal(audits, await d.AuditCountAsync("household.move"));
    }

    [Fact]
    public async Task Worker_Gets404_OnAnotherGridsHouseholds()
    {
        var (d, worker, _, own, other, ownHousehold, otherHousehold) = await SetUpAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/grids/{other}/households")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/grids/{other}/households.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/households/{otherHousehold}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/households/{otherHousehold}/moves")).StatusCode);
        var move = await worker.PostAsJsonAsync($"/api/households/{otherHousehold}/move", new { toGridId = own, reason = "mine now" });
        Assert.Equal(HttpStatusCode.NotFound, move.StatusCode);
        Assert.Equal(other, await d.GridOfAsync(otherHousehold));

        using var mine = JsonDocument.Parse(await worker.GetStringAsync($"/api/grids/{own}/households"));
        var feature = Assert.Single(mine.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal(ownHousehold, feature.GetProperty("id").GetInt64());
        Assert.Equal("Point", feature.GetProperty("geometry").GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.OK, (await worker.GetAsync($"/api/households/{ownHousehold}")).StatusCode);
    }

    [Fact]
    public async Task Worker_SeesNothing_WhenNotLinkedToAnyGrid()
    {
        var (_, _, _, own, _, ownHousehold, _) = await SetUpAsync();
        var stranger = await fx.ClientAsAsync(Roles.GridWorker);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/grids/{own}/households")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/api/households/{ownHousehold}")).StatusCode);
    }

    [Theory]
    [InlineData(Roles.Planner)]
    [InlineData(Roles.Official)]
    public async Task Analysts_Get403_OnHouseholdPoints(string role)
    {
        var (_, _, _, own, _, ownHousehold, _) = await SetUpAsync();
        var client = await fx.ClientAsAsync(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/grids/{own}/households")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/grids/{own}/households.csv")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"/api/households/{ownHousehold}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync($"/api/households/{ownHousehold}/move", new { toGridId = own, reason = "x" })).StatusCode);
    }

    [Fact]
    public async Task ListHouseholds_Pages_ById()
    {
        var (d, worker, _, own, _, first, _) = await SetUpAsync();
        var second = await d.HouseholdAsync(6, 6, gridId: own);
        var third = await d.HouseholdAsync(7, 7, gridId: own);
        using var page = JsonDocument.Parse(await worker.GetStringAsync($"/api/grids/{own}/households?limit=2&offset=1"));
        Assert.Equal(3, page.RootElement.GetProperty("numberMatched").GetInt32());
        Assert.Equal([second, third], page.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt64()));
        Assert.Equal(HttpStatusCode.BadRequest, (await worker.GetAsync($"/api/grids/{own}/households?limit=0")).StatusCode);
        Assert.True(first < second);
    }

    [Theory]
    [InlineData("{")]
    [InlineData("[]")]
    [InlineData("""{"toGridId": "abc", "reason": "x"}""")]
    [InlineData("""{"toGridId": 99999999999999, "reason": "x"}""")]
    public async Task Move_Returns4xxProblem_WhenBodyIsMalformed(string json)
    {
        var (d, worker, _, own, _, household, _) = await SetUpAsync();
        var checksum = await d.HouseholdChecksumAsync();
        var response = await worker.PostAsync($"/api/households/{household}/move", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(own, await d.GridOfAsync(household));
        Assert.Equal(checksum, await d.HouseholdChecksumAsync());
    }

    [Fact]
    public async Task Move_StoresInjectionTextVerbatim_AsData()
    {
        var (d, worker, _, _, other, household, _) = await SetUpAsync();
        const string reason = "'; drop table household; -- <script>alert(1)</script>";
        var response = await worker.PostAsJsonAsync($"/api/households/{household}/move", new { toGridId = other, reason });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(reason, await d.ScalarAsync<string>(
            "select after->>'reason' from audit_log where action = 'household.move' and entity_id = $1",
            household.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(other, await d.GridOfAsync(household));
    }
}
