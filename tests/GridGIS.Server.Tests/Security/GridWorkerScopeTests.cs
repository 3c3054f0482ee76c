using System.Net;
using System.Net.Http.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// A grid worker reaches the households of their own grid and gets 404 (as if it did not exist) on
/// every household endpoint of another grid; an administrator reaches both; planners and officials
/// get 403 on all of them. One row per household endpoint in <see cref="Calls"/>; a household
/// endpoint the server maps without a row fails <see cref="EveryHouseholdEndpoint_HasAScopeCase"/>.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class GridWorkerScopeTests(PostgisFixture fx)
{
    private sealed record Place(int Grid, int OtherGrid, long Household);

    /// <summary>Endpoint pattern -> the request against a place (grid, another grid of the same worker's choice, household).</summary>
    private static readonly (string Endpoint, Func<Place, HttpRequestMessage> Request)[] Calls =
    [
        ("GET /api/grids/{id:int}/households", p => new(HttpMethod.Get, $"/api/grids/{p.Grid}/households")),
        ("GET /api/grids/{id:int}/households.csv", p => new(HttpMethod.Get, $"/api/grids/{p.Grid}/households.csv")),
        ("GET /api/households/{id:long}", p => new(HttpMethod.Get, $"/api/households/{p.Household}")),
        ("GET /api/households/{id:long}/moves", p => new(HttpMethod.Get, $"/api/households/{p.Household}/moves")),
        ("GET /api/households", p => new(HttpMethod.Get, $"/api/households?grid={p.Grid}")),
        ("POST /api/households/{id:long}/move", p => new(HttpMethod.Post, $"/api/households/{p.Household}/move")
            { Content = JsonContent.Create(new { toGridId = p.OtherGrid, reason = "scope test" }) }),
    ];

    private async Task<(Place Mine, Place Theirs, HttpClient Worker)> SetUpAsync()
    {
        var (user, password) = await fx.NewAccountAsync(Roles.GridWorker);
        var t = new GridTestData(fx);
        var me = await t.WorkerAsync("本人", ["zh"], user);
        var someoneElse = await t.WorkerAsync("他人", ["zh"]);
        var community = await t.CommunityAsync(t.Box(0, 0, 3, 1));
        var mine = await t.GridAsync(community, "001", t.Box(0, 0, 1, 1), me);
        var mine2 = await t.GridAsync(community, "002", t.Box(1, 0, 2, 1), me);
        var theirs = await t.GridAsync(community, "003", t.Box(2, 0, 3, 1), someoneElse);
        var myHousehold = await t.HouseholdAsync(0.5, 0.5, gridId: mine);
        var theirHousehold = await t.HouseholdAsync(2.5, 0.5, gridId: theirs);
        var client = fx.Factory.CreateClient();
        var token = await (await client.SignInAsync(user, password)).Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return (new Place(mine, mine2, myHousehold), new Place(theirs, mine2, theirHousehold), client);
    }

    [Fact]
    public async Task GridWorker_Gets404OnAnotherGrid_AndReachesTheirOwn_OnEveryHouseholdEndpoint()
    {
        var (mine, theirs, worker) = await SetUpAsync();
        var wrong = new List<string>();
        foreach (var (endpoint, request) in Calls)
        {
            using var other = await worker.SendAsync(request(theirs));
            if (other.StatusCode != HttpStatusCode.NotFound) wrong.Add($"{endpoint} on another grid: {(int)other.StatusCode}, expected 404");
            else if (!(await other.Content.ReadAsStringAsync()).Contains("not one of your grids", StringComparison.Ordinal))
                wrong.Add($"{endpoint}: 404 without saying why");
            using var own = await worker.SendAsync(request(mine));
            if (!own.IsSuccessStatusCode) wrong.Add($"{endpoint} on own grid: {(int)own.StatusCode} {await own.Content.ReadAsStringAsync()}");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
        // The refused move changed nothing.
        await using var cmd = fx.Db.CreateCommand("select grid_id from household where id = $1");
        cmd.Parameters.Add(new() { Value = theirs.Household });
        Assert.Equal(theirs.Grid, (int)(await cmd.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task AdministratorReachesEveryGrid_AndPlannersAndOfficialsAreRefused()
    {
        var (_, theirs, _) = await SetUpAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var planner = await fx.ClientAsAsync(Roles.Planner);
        var official = await fx.ClientAsAsync(Roles.Official);
        var wrong = new List<string>();
        foreach (var (endpoint, request) in Calls.Where(c => c.Endpoint.StartsWith("GET", StringComparison.Ordinal)))
        {
            using var a = await admin.SendAsync(request(theirs));
            if (!a.IsSuccessStatusCode) wrong.Add($"{endpoint} as administrator: {(int)a.StatusCode}");
            foreach (var (role, client) in new[] { ("planner", planner), ("official", official) })
            {
                using var r = await client.SendAsync(request(theirs));
                if (r.StatusCode != HttpStatusCode.Forbidden) wrong.Add($"{endpoint} as {role}: {(int)r.StatusCode}, expected 403");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public async Task EveryHouseholdEndpoint_HasAScopeCase()
    {
        var household = (await EndpointCatalog.ListAsync(fx.Factory))
            .Where(e => e.Pattern.Contains("households", StringComparison.Ordinal) && e.AllowedRoles.Contains(Roles.GridWorker))
            .Select(e => e.ToString()).Distinct();
        var missing = household.Where(h => Calls.All(c => c.Endpoint != h)).ToList();
        Assert.True(missing.Count == 0, "household endpoints open to grid workers without a row in GridWorkerScopeTests.Calls: " + string.Join(", ", missing));
    }
}
