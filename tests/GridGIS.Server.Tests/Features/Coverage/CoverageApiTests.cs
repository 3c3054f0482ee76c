using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Features.Coverage;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGIS.Server.Tests.Features.Coverage;

/// <summary>
/// A database of its own (coverage runs are district-wide: other tests' rows would enter them), and
/// the in-process server on it with a Hangfire server polling every 0.2 s and no start-up run.
/// </summary>
public sealed class CoverageDatabase : IAsyncLifetime
{
    public PostgisFixture Db { get; } = new();
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;
    internal CoverageTestData.Dataset Data { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        Data = await CoverageTestData.InsertAsync(Db.Db, tag: 101);
        Factory = Db.Factory.WithWebHostBuilder(b => b
            .UseSetting("Coverage:RunAtStartup", "false")
            .UseSetting("Coverage:QueuePollSeconds", "0.2")
            .UseSetting("Coverage:Workers", "2"));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Db.DisposeAsync();
    }

    /// <summary>Starts a euclidean run and waits (at most 60 s) until it is complete; its id.</summary>
    public async Task<long> CompleteRunAsync(HttpClient admin)
    {
        var response = await admin.PostAsJsonAsync("/api/coverage/runs", new { mode = "euclidean" });
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return await WaitCompleteAsync(admin, doc.RootElement.GetProperty("id").GetInt64());
    }

    /// <summary>Waits (at most 60 s) until run <paramref name="id"/> is complete; fails the test if it fails.</summary>
    public async Task<long> WaitCompleteAsync(HttpClient admin, long id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            using var run = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{id}"));
            var state = run.RootElement.GetProperty("run").GetProperty("state").GetString();
            if (state == "complete") return id;
            Assert.NotEqual("failed", state);
            await Task.Delay(200);
        }
        throw new TimeoutException($"coverage run {id} unfinished after 60 s: {await DiagnoseAsync(id)}");
    }

    /// <summary>For failure messages: the run's parts and the Hangfire jobs' states.</summary>
    public async Task<string> DiagnoseAsync(long runId)
    {
        await using var cmd = Db.Db.CreateCommand(
            "select (select string_agg(part || '=' || state || '/' || attempts || '/' || coalesce(worker, '') || '/' || coalesce(error, ''), '; ') from coverage_part where run_id = $1)" +
            " || ' | jobs: ' || coalesce((select string_agg(statename || ' ' || (invocationdata ->> 'Method'), '; ') from hangfire.job), '') " +
            " || ' | servers: ' || coalesce((select string_agg(id, '; ') from hangfire.server), '')");
        cmd.Parameters.Add(new() { Value = runId });
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<HttpClient> ClientAsAsync(string role)
    {
        var userName = $"t-{role.Replace('_', '-')}-{Guid.NewGuid():N}"[..30];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(Db.Db, userName, role, password);
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        using var token = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.RootElement.GetProperty("accessToken").GetString());
        return client;
    }
}

public sealed class CoverageApiTests(CoverageDatabase cov) : IClassFixture<CoverageDatabase>
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromSeconds(60);

    private static async Task<long> StartAsync(HttpClient client, string mode)
    {
        var response = await client.PostAsJsonAsync("/api/coverage/runs", new { mode });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>Polls the run until it is complete or failed (bounded by <see cref="RunTimeout"/>); returns its state (and error).</summary>
    private async Task<string> WaitAsync(HttpClient client, long id)
    {
        var deadline = DateTime.UtcNow + RunTimeout;
        while (DateTime.UtcNow < deadline)
        {
            using var doc = JsonDocument.Parse(await client.GetStringAsync($"/api/coverage/runs/{id}"));
            var state = doc.RootElement.GetProperty("run").GetProperty("state").GetString()!;
            if (state == "complete") return state;
            if (state == "failed") return "failed: " + doc.RootElement.GetProperty("run").GetProperty("error").GetString();
            await Task.Delay(200);
        }
        throw new TimeoutException($"coverage run {id} unfinished after {RunTimeout.TotalSeconds} s: {await cov.DiagnoseAsync(id)}");
    }

    [Fact]
    public async Task Latest_StaysOnLastCompleteRun_WhenNextRunFails()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var good = await StartAsync(admin, "network");
        var goodState = await WaitAsync(admin, good);
        Assert.True(goodState == "complete", goodState);

        // The walking network goes (its import is being redone, say): the next network run fails in
        // every part. A failed run must not become 'latest'.
        await using (var cmd = cov.Db.Db.CreateCommand("delete from walk_edge"))
            await cmd.ExecuteNonQueryAsync();
        var bad = await StartAsync(admin, "network");
        Assert.StartsWith("failed", await WaitAsync(admin, bad));

        using var latest = JsonDocument.Parse(await admin.GetStringAsync("/api/coverage/runs/latest"));
        Assert.Equal(good, latest.RootElement.GetProperty("run").GetProperty("id").GetInt64());
        Assert.True(latest.RootElement.GetProperty("units").GetArrayLength() > 0);
        using var failed = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{bad}"));
        Assert.Equal(JsonValueKind.Null, failed.RootElement.GetProperty("units").ValueKind);   // no results for a run that is not complete
        Assert.Contains("no walking network loaded", failed.RootElement.GetProperty("run").GetProperty("error").GetString());
        // The comparison also refuses the failed run rather than comparing partial results.
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/coverage/compare?from={good}&to={bad}")).StatusCode);
    }
}

public sealed class CoverageResultsApiTests(CoverageDatabase cov) : IClassFixture<CoverageDatabase>
{
    [Fact]
    public async Task Gaps_HoldEveryHousehold_WhenCategoryHasNoFacility()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var id = await cov.CompleteRunAsync(admin);
        using var gaps = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{id}/gaps?category={cov.Data.EmptyCategory}"));
        var features = gaps.RootElement.GetProperty("features").EnumerateArray().ToList();
        var households = features.Sum(f => f.GetProperty("properties").GetProperty("households").GetInt64());
        Assert.Equal(await cov.Db.CountAsync("household"), households);
        // The whole residential area (the union of the grids) is the gap, to one 50 m lattice cell along its
        // boundary: its area and perimeter in m² and m, computed by PostGIS.
        await using var cmd = cov.Db.Db.CreateCommand("select st_area(u::geography), st_perimeter(u::geography) from (select st_union(geom) u from grid) g");
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        var (gridArea, perimeter) = (r.GetDouble(0), r.GetDouble(1));
        Assert.Equal(gridArea, features.Sum(f => f.GetProperty("properties").GetProperty("areaM2").GetDouble()), perimeter * GridGIS.Core.Coverage.CoverageHouseholds.GapCellMetres);

        using var run = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{id}?level=district&category={cov.Data.EmptyCategory}"));
        var district = run.RootElement.GetProperty("units").EnumerateArray().Single();
        Assert.Equal(0, district.GetProperty("householdsCovered").GetInt64());
    }

    [Fact]
    public async Task RunResults_WithholdSmallCounts_ForPlannerButNotAdministrator()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var planner = await cov.ClientAsAsync(Roles.Planner);
        var id = await cov.CompleteRunAsync(admin);
        var url = $"/api/coverage/runs/{id}?level=grid";
        using var a = JsonDocument.Parse(await admin.GetStringAsync(url));
        using var p = JsonDocument.Parse(await planner.GetStringAsync(url));
        Assert.Equal(JsonValueKind.Null, a.RootElement.GetProperty("privacy").ValueKind);
        Assert.Contains("withheld", p.RootElement.GetProperty("privacy").GetString());
        var adminUnits = a.RootElement.GetProperty("units").EnumerateArray().ToList();
        var plannerUnits = p.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal(adminUnits.Count, plannerUnits.Count);
        var small = 0;
        for (var i = 0; i < adminUnits.Count; i++)
        {
            var notCovered = adminUnits[i].GetProperty("householdsNotCovered").GetInt64();
            var covered = adminUnits[i].GetProperty("householdsCovered").GetInt64();
            if (notCovered is > 0 and < 5 || covered is > 0 and < 5)
            {
                small++;
                Assert.Equal(JsonValueKind.Null, plannerUnits[i].GetProperty("householdsNotCovered").ValueKind);
                Assert.Equal(JsonValueKind.Null, plannerUnits[i].GetProperty("shareCovered").ValueKind);
            }
            // Otherwise shown as it is, or withheld with a sibling that would give a small one away (secondary suppression).
            else if (plannerUnits[i].GetProperty("householdsNotCovered").ValueKind != JsonValueKind.Null)
                Assert.Equal(notCovered, plannerUnits[i].GetProperty("householdsNotCovered").GetInt64());
        }
        Assert.True(small > 0, "the generated data should have grids with 1..4 households not covered");
    }

    [Fact]
    public async Task Compare_ShowsGain_WhenFacilityIsAddedBetweenRuns()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var before = await cov.CompleteRunAsync(admin);
        // A new kindergarten at the centre of the first grid of street 1.
        await using (var cmd = cov.Db.Db.CreateCommand(
            $"insert into facility (category_code, name, geom, capacity) select 'cv{cov.Data.Tag}_kinder', 'new', st_centroid(geom), 100 from grid where code = $1"))
        {
            cmd.Parameters.Add(new() { Value = $"98{cov.Data.Tag}0001001001" });
            await cmd.ExecuteNonQueryAsync();
        }
        var after = await cov.CompleteRunAsync(admin);
        using var diff = JsonDocument.Parse(await admin.GetStringAsync(
            $"/api/coverage/compare?from={before}&to={after}&level=grid&category=cv{cov.Data.Tag}_kinder"));
        var deltas = diff.RootElement.GetProperty("units").EnumerateArray()
            .Select(u => u.GetProperty("shareCovered").GetDouble()).ToList();
        Assert.All(deltas, d => Assert.True(d >= 0, $"coverage fell by {d} after adding a facility"));
        Assert.Contains(deltas, d => d > 0);
    }

    [Theory]
    [InlineData("/api/coverage/runs/abc", "positive number or 'latest'")]
    [InlineData("/api/coverage/runs/latest?level=city", "level must be one of")]
    [InlineData("/api/coverage/runs/latest/gaps", "category is required")]
    [InlineData("/api/coverage/compare?from=1", "to must be a run id")]
    public async Task Endpoints_ReturnProblemDetails_WhenQueryIsBad(string url, string expected)
    {
        var planner = await cov.ClientAsAsync(Roles.Planner);
        var response = await planner.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task StartRun_Returns400_WhenModeIsUnknown()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsJsonAsync("/api/coverage/runs", new { mode = "crow-flies" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("network' or 'euclidean", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(Roles.Official, "/api/coverage/runs", HttpStatusCode.Forbidden)]
    [InlineData(Roles.GridWorker, "/api/coverage/runs/latest", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Planner, "/hangfire", HttpStatusCode.Forbidden)]
    [InlineData(Roles.Administrator, "/hangfire", HttpStatusCode.OK)]
    public async Task Roles_AreEnforced(string role, string url, HttpStatusCode expected)
    {
        var client = await cov.ClientAsAsync(role);
        var response = url == "/api/coverage/runs" && role == Roles.Official
            ? await client.PostAsJsonAsync(url, new { mode = "euclidean" })
            : await client.GetAsync(url);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.OK) Assert.Contains("GridGIS jobs", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_Returns401_WithoutToken() =>
        Assert.Equal(HttpStatusCode.Unauthorized, (await cov.Factory.CreateClient().GetAsync("/hangfire")).StatusCode);
}
