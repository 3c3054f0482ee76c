using System.Globalization;
using System.Net;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Grids;

/// <summary>GET /api/households (issue 18): the worker's own households, searchable, sorted, paged by cursor without a cut.</summary>
[Collection(PostgisCollection.Name)]
public sealed class HouseholdListTests(PostgisFixture fx)
{
    private async Task<(GridTestData D, HttpClient Worker, int Own1, int Own2, int Other, List<long> Mine, long Theirs)> SetUpAsync()
    {
        var d = new GridTestData(fx);
        var userName = $"w-{Guid.NewGuid():N}"[..20];
        var worker = await fx.ClientAsAsync(Roles.GridWorker, userName);
        var me = await d.WorkerAsync("王网格", ["zh", "ko"], userName);
        var someoneElse = await d.WorkerAsync("李网格", ["zh"]);
        var community = await d.CommunityAsync(d.Box(0, 0, 30, 10));
        var own1 = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10), me);
        var own2 = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10), me);
        var other = await d.GridAsync(community, "003", d.Box(20, 0, 30, 10), someoneElse);
        var mine = new List<long>();
        for (var i = 0; i < 7; i++) mine.Add(await d.HouseholdAsync(1 + i, 5, residents: 2 + i, gridId: own1));
        mine.Add(await d.HouseholdAsync(12, 5, residents: 4, foreign: 3, nationalities: """{"KR": 2, "US": 1}""", gridId: own2));
        mine.Add(await d.HouseholdAsync(13, 5, residents: 1, gridId: own2));
        var theirs = await d.HouseholdAsync(25, 5, gridId: other);
        return (d, worker, own1, own2, other, mine, theirs);
    }

    private static async Task<List<JsonElement>> PageAllAsync(HttpClient client, string query, int limit)
    {
        var rows = new List<JsonElement>();
        string? cursor = null;
        for (var pages = 0; pages < 10_000; pages++)
        {
            var url = $"/api/households?{query}&limit={limit}" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            using var page = JsonDocument.Parse(await client.GetStringAsync(url));
            rows.AddRange(page.RootElement.GetProperty("households").EnumerateArray().Select(e => e.Clone()));
            cursor = page.RootElement.GetProperty("next").GetString();
            if (cursor is null) return rows;
        }
        throw new InvalidOperationException("the list never ended");
    }

    [Theory]
    [InlineData("sort=id", 2)]
    [InlineData("sort=residents&dir=desc", 4)]
    [InlineData("sort=address", 3)]
    [InlineData("sort=grid", 1)]
    [InlineData("sort=foreign_residents&dir=desc", 5)]
    public async Task List_PagesThroughOwnHouseholdsOnly_InSortOrder(string query, int limit)
    {
        var (_, worker, _, _, _, mine, theirs) = await SetUpAsync();

        var rows = await PageAllAsync(worker, query, limit);
        var ids = rows.Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(mine.Order(), ids.Order());
        Assert.DoesNotContain(theirs, ids);
        Assert.Equal(ids.Count, ids.Distinct().Count());

        var key = query.Split('&')[0]["sort=".Length..];
        var desc = query.Contains("dir=desc", StringComparison.Ordinal);
        var keys = rows.Select(r => key switch
        {
            "residents" => r.GetProperty("residents").GetInt32().ToString("D6", CultureInfo.InvariantCulture),
            "foreign_residents" => r.GetProperty("foreignResidents").GetInt32().ToString("D6", CultureInfo.InvariantCulture),
            "address" => r.GetProperty("address").GetString()!,
            "grid" => r.GetProperty("gridCode").GetString()!,
            _ => "",
        } + "|" + r.GetProperty("id").GetInt64().ToString("D20", CultureInfo.InvariantCulture)).ToList();
        var sorted = desc ? keys.OrderDescending(StringComparer.Ordinal).ToList() : keys.Order(StringComparer.Ordinal).ToList();
        Assert.Equal(sorted, keys);
    }

    [Fact]
    public async Task List_ShowsNationalitiesAndLanguages_AndTotal_AndFindsByAddressOrId()
    {
        var (_, worker, _, own2, _, mine, theirs) = await SetUpAsync();

        using var found = JsonDocument.Parse(await worker.GetStringAsync($"/api/households?q={Uri.EscapeDataString("测试路 12,")}"));
        Assert.Equal(1, found.RootElement.GetProperty("total").GetInt64());
        var row = Assert.Single(found.RootElement.GetProperty("households").EnumerateArray());
        Assert.Equal(mine[7], row.GetProperty("id").GetInt64());
        Assert.Equal(own2, row.GetProperty("gridId").GetInt32());
        Assert.Equal(2, row.GetProperty("nationalities").GetProperty("KR").GetInt32());
        Assert.Equal(["ko", "en"], row.GetProperty("languages").EnumerateArray().Select(l => l.GetString()!).ToArray());
        Assert.Null(found.RootElement.GetProperty("next").GetString());

        using var byId = JsonDocument.Parse(await worker.GetStringAsync($"/api/households?q={mine[3]}"));
        Assert.Contains(mine[3], byId.RootElement.GetProperty("households").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
        // Another worker's household is not found by its id either.
        using var notMine = JsonDocument.Parse(await worker.GetStringAsync($"/api/households?q={theirs}"));
        Assert.DoesNotContain(theirs, notMine.RootElement.GetProperty("households").EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));

        using var all = JsonDocument.Parse(await worker.GetStringAsync("/api/households?limit=3"));
        Assert.Equal(mine.Count, all.RootElement.GetProperty("total").GetInt64());
        Assert.Equal(3, all.RootElement.GetProperty("returned").GetInt32());
        Assert.NotNull(all.RootElement.GetProperty("next").GetString());
    }

    [Fact]
    public async Task List_TreatsLikeWildcardsAsText_WhenSearching()
    {
        var (_, worker, _, _, _, _, _) = await SetUpAsync();
        using var page = JsonDocument.Parse(await worker.GetStringAsync("/api/households?q=%25"));
        Assert.Equal(0, page.RootElement.GetProperty("total").GetInt64());
    }

    [Theory]
    [InlineData("sort=colour", "sort")]
    [InlineData("dir=sideways", "dir")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=10001", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task List_Returns400NamingTheParameter_WhenQueryIsBad(string query, string parameter)
    {
        var (_, worker, _, _, _, _, _) = await SetUpAsync();
        var response = await worker.GetAsync($"/api/households?{query}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task List_Returns400_WhenCursorComesFromAnotherSort()
    {
        var (_, worker, _, _, _, _, _) = await SetUpAsync();
        using var first = JsonDocument.Parse(await worker.GetStringAsync("/api/households?sort=id&limit=2"));
        var next = first.RootElement.GetProperty("next").GetString()!;
        var response = await worker.GetAsync($"/api/households?sort=address&limit=2&cursor={Uri.EscapeDataString(next)}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task List_PagesThroughEveryHousehold_ForAdministrator_CountedAgainstTheDatabase()
    {
        var (d, _, _, _, _, _, _) = await SetUpAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var expected = await d.ScalarAsync<long>("select count(*) from household");

        var rows = await PageAllAsync(admin, "sort=grid", 10_000);
        Assert.Equal(expected, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("id").GetInt64()).Distinct().Count());
        using var first = JsonDocument.Parse(await admin.GetStringAsync("/api/households?limit=1"));
        Assert.Equal(expected, first.RootElement.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task List_IsAudited_WithCount()
    {
        var (d, worker, _, _, _, mine, _) = await SetUpAsync();
        var before = await d.AuditCountAsync("household.list");
        await worker.GetStringAsync("/api/households?limit=4");
        Assert.Equal(before + 1, await d.AuditCountAsync("household.list"));
        Assert.Equal(4, await d.ScalarAsync<int>("select (after->>'count')::int from audit_log where action = 'household.list' order by id desc limit 1"));
        Assert.Equal(mine.Count, await d.ScalarAsync<int>("select (after->>'total')::int from audit_log where action = 'household.list' order by id desc limit 1"));
    }

    [Fact]
    public async Task List_Returns404_OnAnotherWorkersGrid_AndListsOneOwnGrid()
    {
        var (_, worker, _, own2, other, _, _) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/households?grid={other}")).StatusCode);
        using var page = JsonDocument.Parse(await worker.GetStringAsync($"/api/households?grid={own2}"));
        Assert.Equal(2, page.RootElement.GetProperty("total").GetInt64());
        Assert.All(page.RootElement.GetProperty("households").EnumerateArray(), r => Assert.Equal(own2, r.GetProperty("gridId").GetInt32()));
    }

    [Theory]
    [InlineData(Roles.Planner)]
    [InlineData(Roles.Official)]
    public async Task Analysts_Get403_OnTheList(string role)
    {
        var client = await fx.ClientAsAsync(role);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/households")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/viewer/my-workload")).StatusCode);
    }

    [Fact]
    public async Task MyWorkload_ListsOwnGridsWithTheirLoad()
    {
        var (d, worker, own1, own2, other, _, _) = await SetUpAsync();
        using var load = JsonDocument.Parse(await worker.GetStringAsync("/api/viewer/my-workload"));
        var grids = load.RootElement.GetProperty("grids").EnumerateArray().ToList();
        Assert.Equal([own1, own2], grids.Select(g => g.GetProperty("gridId").GetInt32()).ToArray());
        Assert.DoesNotContain(other, grids.Select(g => g.GetProperty("gridId").GetInt32()));
        Assert.Equal(7, grids[0].GetProperty("households").GetInt64());
        Assert.Equal(2 + 3 + 4 + 5 + 6 + 7 + 8, grids[0].GetProperty("residents").GetInt64());
        Assert.Equal(3, grids[1].GetProperty("foreignResidents").GetInt64());
        Assert.Equal(9, load.RootElement.GetProperty("households").GetInt64());
        Assert.False(load.RootElement.GetProperty("overLimit").GetBoolean());
        Assert.Equal(d.Code("001"), grids[0].GetProperty("code").GetString());
    }
}
