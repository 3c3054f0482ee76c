using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Grids;

/// <summary>A move sent again by a phone that lost the answer (issue 18) is applied once; a household moved meanwhile is a 409.</summary>
[Collection(PostgisCollection.Name)]
public sealed class HouseholdMoveRetryTests(PostgisFixture fx)
{
    private async Task<(GridTestData D, HttpClient Worker, int A, int B, int C, long Household)> SetUpAsync()
    {
        var d = new GridTestData(fx);
        var userName = $"w-{Guid.NewGuid():N}"[..20];
        var worker = await fx.ClientAsAsync(Roles.GridWorker, userName);
        var me = await d.WorkerAsync("王网格", ["zh"], userName);
        var community = await d.CommunityAsync(d.Box(0, 0, 30, 10));
        var a = await d.GridAsync(community, "001", d.Box(0, 0, 10, 10), me);
        var b = await d.GridAsync(community, "002", d.Box(10, 0, 20, 10), me);
        var c = await d.GridAsync(community, "003", d.Box(20, 0, 30, 10), me);
        return (d, worker, a, b, c, await d.HouseholdAsync(5, 5, gridId: a));
    }

    private static Task<long> MovesOfAsync(GridTestData d, long household) =>
        d.ScalarAsync<long>("select count(*) from audit_log where action = 'household.move' and entity_id = $1",
            household.ToString(System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Move_IsAppliedOnce_WhenSentAgainWithTheSameKey()
    {
        var (d, worker, a, b, _, household) = await SetUpAsync();
        var key = Guid.NewGuid();
        var body = new { toGridId = b, reason = "moved next door", fromGridId = a, idempotencyKey = key };

        var first = await worker.PostAsJsonAsync($"/api/households/{household}/move", body);
        var again = await worker.PostAsJsonAsync($"/api/households/{household}/move", body);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        using var replay = JsonDocument.Parse(await again.Content.ReadAsStringAsync());
        Assert.True(replay.RootElement.GetProperty("replayed").GetBoolean());
        Assert.Equal(a, replay.RootElement.GetProperty("fromGridId").GetInt32());
        Assert.Equal(b, replay.RootElement.GetProperty("toGridId").GetInt32());
        Assert.Equal(b, await d.GridOfAsync(household));
        Assert.Equal(1, await MovesOfAsync(d, household));
    }

    [Fact]
    public async Task Move_IsAppliedOnce_WhenTheSameKeyArrivesTwiceAtOnce()
    {
        var (d, worker, a, b, _, household) = await SetUpAsync();
        var body = new { toGridId = b, reason = "sent twice", fromGridId = a, idempotencyKey = Guid.NewGuid() };

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.PostAsJsonAsync($"/api/households/{household}/move", body)));

        Assert.All(answers, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(b, await d.GridOfAsync(household));
        Assert.Equal(1, await MovesOfAsync(d, household));
    }

    [Fact]
    public async Task Move_Returns409AndChangesNothing_WhenHouseholdWasMovedMeanwhile()
    {
        var (d, worker, a, b, c, household) = await SetUpAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        (await admin.PostAsJsonAsync($"/api/households/{household}/move", new { toGridId = c, reason = "office moved it" })).EnsureSuccessStatusCode();

        // The phone's move was made while the household was still in grid a.
        var late = await worker.PostAsJsonAsync($"/api/households/{household}/move",
            new { toGridId = b, reason = "made offline", fromGridId = a, idempotencyKey = Guid.NewGuid() });

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains(d.Code("003"), await late.Content.ReadAsStringAsync());
        Assert.Equal(c, await d.GridOfAsync(household));
        Assert.Equal(1, await MovesOfAsync(d, household));
    }

    [Fact]
    public async Task Move_Returns400_WhenKeyWasUsedForAnotherHousehold()
    {
        var (d, worker, a, b, _, household) = await SetUpAsync();
        var second = await d.HouseholdAsync(6, 6, gridId: a);
        var key = Guid.NewGuid();
        (await worker.PostAsJsonAsync($"/api/households/{household}/move", new { toGridId = b, reason = "one", idempotencyKey = key })).EnsureSuccessStatusCode();

        var reused = await worker.PostAsJsonAsync($"/api/households/{second}/move", new { toGridId = b, reason = "two", idempotencyKey = key });

        Assert.Equal(HttpStatusCode.BadRequest, reused.StatusCode);
        Assert.Contains("idempotencyKey", await reused.Content.ReadAsStringAsync());
        Assert.Equal(a, await d.GridOfAsync(second));
    }

    [Fact]
    public async Task Move_KeysAreKeptPerAccount_SoAnotherAccountsKeyMovesItsOwnHousehold()
    {
        var (d, worker, a, b, _, household) = await SetUpAsync();
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var key = Guid.NewGuid();
        (await worker.PostAsJsonAsync($"/api/households/{household}/move", new { toGridId = b, reason = "worker", idempotencyKey = key })).EnsureSuccessStatusCode();

        var other = await d.HouseholdAsync(7, 7, gridId: a);
        var response = await admin.PostAsJsonAsync($"/api/households/{other}/move", new { toGridId = b, reason = "admin", idempotencyKey = key });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(b, await d.GridOfAsync(other));
    }

    [Theory]
    [InlineData("""{"toGridId": 1, "reason": "x", "idempotencyKey": "not-a-uuid"}""", "idempotencyKey")]
    [InlineData("""{"toGridId": 1, "reason": "x", "idempotencyKey": "00000000-0000-0000-0000-000000000000"}""", "idempotencyKey")]
    [InlineData("""{"toGridId": 1, "reason": "x", "fromGridId": "a"}""", "fromGridId")]
    public async Task Move_Returns400NamingTheField_WhenKeyOrFromGridIsBad(string json, string field)
    {
        var (d, worker, a, _, _, household) = await SetUpAsync();
        var response = await worker.PostAsync($"/api/households/{household}/move", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.Content.ReadAsStringAsync());
        Assert.Equal(a, await d.GridOfAsync(household));
    }
}
