using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Grids;

[Collection(PostgisCollection.Name)]
public sealed class GridReportsApiTests(PostgisFixture fx)
{
    [Fact]
    public async Task Topology_FindsOverlapGapAndOverhang_OnHandMadeGrids()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 30, 10));
        var a = await d.GridAsync(community, "001", d.Box(0, 0, 12, 10));     // overlaps b on x 10..12
        var b = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10));
        var c = await d.GridAsync(community, "003", d.Box(22, 0, 35, 10));    // gap x 20..22, sticks out x 30..35

        var client = await fx.ClientAsAsync(Roles.Planner);
        var response = await client.GetAsync($"/api/communities/{community}/topology");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var problems = doc.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => (Kind: f.GetProperty("properties").GetProperty("kind").GetString(),
                          Grids: string.Join(",", f.GetProperty("properties").GetProperty("gridIds").EnumerateArray().Select(g => g.GetInt32())),
                          Type: f.GetProperty("geometry").GetProperty("type").GetString(),
                          Bbox: Bbox(f.GetProperty("geometry"))))
            .OrderBy(p => p.Kind).ToList();
        Assert.Equal(3, problems.Count);
        Assert.Equal(("gap", "", "Polygon"), (problems[0].Kind, problems[0].Grids, problems[0].Type));
        Assert.Equal(("outside_community", $"{c}", "Polygon"), (problems[1].Kind, problems[1].Grids, problems[1].Type));
        Assert.Equal(("overlap", $"{a},{b}", "Polygon"), (problems[2].Kind, problems[2].Grids, problems[2].Type));
        AssertBox((d.X(20), d.Y(0), d.X(22), d.Y(10)), problems[0].Bbox);
        AssertBox((d.X(30), d.Y(0), d.X(35), d.Y(10)), problems[1].Bbox);
        AssertBox((d.X(10), d.Y(0), d.X(12), d.Y(10)), problems[2].Bbox);
    }

    [Fact]
    public async Task Topology_FindsNothing_WhenGridsTile()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        await d.GridAsync(community, "002", d.Box(10, 0, 20, 10));
        var client = await fx.ClientAsAsync(Roles.GridWorker);
        using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/communities/{community}/topology"));
        Assert.Empty(doc.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal(2, doc.RootElement.GetProperty("gridsChecked").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/api/communities/2147480000/topology")).StatusCode);
    }

    private static (double, double, double, double) Bbox(JsonElement polygon)
    {
        var pts = polygon.GetProperty("coordinates")[0].EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList();
        return (pts.Min(p => p.Item1), pts.Min(p => p.Item2), pts.Max(p => p.Item1), pts.Max(p => p.Item2));
    }

    private static void AssertBox((double, double, double, double) want, (double, double, double, double) got)
    {
        Assert.Equal(want.Item1, got.Item1, 9); Assert.Equal(want.Item2, got.Item2, 9);
        Assert.Equal(want.Item3, got.Item3, 9); Assert.Equal(want.Item4, got.Item4, 9);
    }

    /// <summary>Two grids of 1000 residents: one with 49 foreign residents (just below 50), one with 50 (at it).</summary>
    private async Task<(GridTestData D, int Below, int At)> DesignationGridsAsync()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        var below = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var at = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10));
        // 10 households of 100 residents each; foreign residents spread as KR, plus 3 Americans in the second grid.
        for (var i = 0; i < 10; i++)
        {
            await d.HouseholdAsync(1 + i * 0.5, 5, 100, i < 9 ? 5 : 4, i < 9 ? """{"KR":5}""" : """{"KR":4}""", below);
            await d.HouseholdAsync(11 + i * 0.5, 5, 100, i < 9 ? 5 : 5, i < 9 ? """{"KR":5}""" : """{"KR":2,"US":3}""", at);
        }
        return (d, below, at);
    }

    [Fact]
    public async Task Proposals_ProposeGridAtThreshold_NotJustBelow_AndSuppressSmallCountsForPlanners()
    {
        var (_, below, at) = await DesignationGridsAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/api/grids/designation/proposals?minShare=0.5"));
        var proposals = doc.RootElement.GetProperty("proposals").EnumerateArray().ToList();
        Assert.DoesNotContain(proposals, p => p.GetProperty("gridId").GetInt32() == below);
        var p = proposals.Single(p => p.GetProperty("gridId").GetInt32() == at);
        Assert.Equal("designate", p.GetProperty("action").GetString());
        Assert.Equal(50, p.GetProperty("foreignResidents").GetInt64());
        Assert.True(p.GetProperty("meetsCount").GetBoolean());
        Assert.Equal("KR:47,US:3", string.Join(",", p.GetProperty("nationalities").EnumerateArray()
            .Select(n => $"{n.GetProperty("nationality").GetString()}:{n.GetProperty("persons").GetInt64()}")));
        Assert.False(doc.RootElement.GetProperty("suppression").GetProperty("applied").GetBoolean());

        var planner = await fx.ClientAsAsync(Roles.Planner);
        using var suppressed = JsonDocument.Parse(await planner.GetStringAsync("/api/grids/designation/proposals?minShare=0.5"));
        Assert.True(suppressed.RootElement.GetProperty("suppression").GetProperty("applied").GetBoolean());
        Assert.Contains("withheld", suppressed.RootElement.GetProperty("suppression").GetProperty("note").GetString());
        // The 3 Americans live in one household: not listed at all (a code with a null count would say 1-4 live there).
        var shown = suppressed.RootElement.GetProperty("proposals").EnumerateArray().Single(x => x.GetProperty("gridId").GetInt32() == at)
            .GetProperty("nationalities").EnumerateArray().Select(n => n.GetProperty("nationality").GetString()).ToList();
        Assert.Equal(["KR"], shown);

        // Lowering the count threshold to 49 proposes the first grid too.
        using var lower = JsonDocument.Parse(await admin.GetStringAsync("/api/grids/designation/proposals?minForeign=49&minShare=0.5"));
        Assert.Contains(lower.RootElement.GetProperty("proposals").EnumerateArray(), x => x.GetProperty("gridId").GetInt32() == below);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/grids/designation/proposals?minShare=2")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fx.ClientAsAsync(Roles.GridWorker)).GetAsync("/api/grids/designation/proposals")).StatusCode);
    }

    [Fact]
    public async Task Designation_SetsKindWithAudit_AndShowsItAsConfirmed()
    {
        var (d, _, at) = await DesignationGridsAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/grids/{at}/designation", new { kind = "embassy", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/grids/{at}/designation", new { kind = "foreign_resident" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/grids/2147480000/designation", new { kind = "ordinary", reason = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fx.ClientAsAsync(Roles.Planner)).PostAsJsonAsync($"/api/grids/{at}/designation",
            new { kind = "ordinary", reason = "x" })).StatusCode);

        var ok = await admin.PostAsJsonAsync($"/api/grids/{at}/designation", new { kind = "foreign_resident", reason = "confirmed on site visit" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("foreign_resident", await d.ScalarAsync<string>("select kind from grid where id = $1", at));
        Assert.Equal("ordinary|foreign_resident|confirmed on site visit", await d.ScalarAsync<string>(
            "select (before->>'kind') || '|' || (after->>'kind') || '|' || (after->>'reason') from audit_log where action = 'grid.designation' and entity_id = $1",
            at.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/api/grids/designation/proposals?minShare=0.5"));
        var p = doc.RootElement.GetProperty("proposals").EnumerateArray().Single(x => x.GetProperty("gridId").GetInt32() == at);
        Assert.Equal("keep", p.GetProperty("action").GetString());
        Assert.Equal("confirmed on site visit", p.GetProperty("confirmed").GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Matching_ListsGridWhoseWorkerSpeaksNoResidentLanguage_AndSuggestsKoreanSpeaker()
    {
        var d = new GridTestData(fx);
        var zhOnly = await d.WorkerAsync("张", ["zh"]);
        var korean = await d.WorkerAsync("金", ["zh", "ko"]);
        var community = await d.CommunityAsync(d.Box(0, 0, 20, 10));
        var grid = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10), zhOnly, "foreign_resident");
        var matched = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10), korean, "foreign_resident");
        await d.HouseholdAsync(5, 5, 4, 4, """{"KR":4}""", grid);
        await d.HouseholdAsync(15, 5, 4, 4, """{"KR":4}""", matched);

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/api/grids/workers/matching"));
        var grids = doc.RootElement.GetProperty("grids").EnumerateArray().ToList();
        Assert.DoesNotContain(grids, g => g.GetProperty("gridId").GetInt32() == matched);
        var m = grids.Single(g => g.GetProperty("gridId").GetInt32() == grid);
        Assert.Equal(zhOnly, m.GetProperty("worker").GetProperty("id").GetInt32());
        Assert.Equal("ko", m.GetProperty("wantedLanguages")[0].GetProperty("language").GetString());
        var first = m.GetProperty("suggestions")[0];
        Assert.Equal(korean, first.GetProperty("workerId").GetInt32());
        Assert.True(first.GetProperty("sameCommunity").GetBoolean());

        // One household: for an official the grid's residents are withheld, so it is not matched on them either.
        var official = await fx.ClientAsAsync(Roles.Official);
        using var suppressed = JsonDocument.Parse(await official.GetStringAsync("/api/grids/workers/matching"));
        Assert.DoesNotContain(suppressed.RootElement.GetProperty("grids").EnumerateArray(), g => g.GetProperty("gridId").GetInt32() == grid);
    }

    [Fact]
    public async Task Workload_FlagsWorkerOverLimit_AndSuggestsMovingBoundaryGridToNeighbour()
    {
        var d = new GridTestData(fx);
        var busy = await d.WorkerAsync("忙", ["zh"]);
        var free = await d.WorkerAsync("闲", ["zh"]);
        var community = await d.CommunityAsync(d.Box(0, 0, 30, 10));
        var a = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10), busy);
        var b = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10), busy);
        await d.GridAsync(community, "003", d.Box(20, 0, 30, 10), free);
        for (var i = 0; i < 6; i++) { await d.HouseholdAsync(1 + i, 5, gridId: a); await d.HouseholdAsync(11 + i, 5, gridId: b); }
        await d.HouseholdAsync(25, 5, gridId: await d.ScalarAsync<int>("select id from grid where code = $1", d.Code("003")));

        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var doc = JsonDocument.Parse(await admin.GetStringAsync("/api/grids/workload?householdLimit=10"));
        var load = doc.RootElement.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("worker").GetProperty("id").GetInt32() == busy);
        Assert.Equal(12, load.GetProperty("households").GetInt64());
        Assert.True(load.GetProperty("overLimit").GetBoolean());
        var s = doc.RootElement.GetProperty("suggestions").EnumerateArray().Single(x => x.GetProperty("workerId").GetInt32() == busy);
        Assert.Equal(("move_grid", b, free), (s.GetProperty("kind").GetString(), s.GetProperty("gridId").GetInt32(), s.GetProperty("toWorkerId").GetInt32()));

        var official = await fx.ClientAsAsync(Roles.Official);
        using var suppressed = JsonDocument.Parse(await official.GetStringAsync("/api/grids/workload?householdLimit=10"));
        var freeLoad = suppressed.RootElement.GetProperty("workers").EnumerateArray().Single(w => w.GetProperty("worker").GetProperty("id").GetInt32() == free);
        Assert.Equal(JsonValueKind.Null, freeLoad.GetProperty("households").ValueKind);   // 1 household: withheld
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fx.ClientAsAsync(Roles.GridWorker)).GetAsync("/api/grids/workload")).StatusCode);
    }

    [Fact]
    public async Task GridWorkers_CreateAndAssign_AreAudited_AndAdminOnly()
    {
        var d = new GridTestData(fx);
        var community = await d.CommunityAsync(d.Box(0, 0, 10, 10));
        var grid = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10));
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var created = await admin.PostAsJsonAsync("/api/grid-workers", new { name = "朴", languages = new[] { "zh", "KO" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/grids/{grid}/worker", new { workerId = id })).StatusCode);
        Assert.Equal(id, await d.ScalarAsync<int>("select worker_id from grid where id = $1", grid));
        Assert.Equal(1L, await d.ScalarAsync<long>("select count(*) from audit_log where action = 'grid.worker' and entity_id = $1",
            grid.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/grid-workers", new { name = "x", languages = new[] { "english" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/grids/{grid}/worker", new { workerId = 2147480000 })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await fx.ClientAsAsync(Roles.GridWorker)).GetAsync("/api/grid-workers")).StatusCode);
    }
}
