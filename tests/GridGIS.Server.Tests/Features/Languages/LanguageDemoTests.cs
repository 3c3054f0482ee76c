using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Features.Demo;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGIS.Server.Tests.Features.Languages;

/// <summary>The Chaoyang demo at scale 0.02 in a database of its own, with the in-process server and its Hangfire workers.</summary>
public sealed class LanguageDemoFixture : IAsyncLifetime
{
    public PostgisFixture Db { get; } = new();
    public WebApplicationFactory<Program> Factory { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        await DemoLoader.LoadAsync(Db.Db, 0.02, 7, false, _ => { });
        Factory = Db.Factory.WithWebHostBuilder(b => b.UseSetting("Coverage:QueuePollSeconds", "0.2").UseSetting("Coverage:Workers", "2"));
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Db.DisposeAsync();
    }

    public async Task<HttpClient> ClientAsync(string role)
    {
        var userName = $"t-{role}-{Guid.NewGuid():N}"[..30];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(Db.Db, userName, role, password);
        var client = Factory.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/auth/token", new { userName, password })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    /// <summary>A euclidean run, waited for (at most 120 s).</summary>
    public async Task<long> RunAsync(HttpClient admin)
    {
        var started = await (await admin.PostAsJsonAsync("/api/coverage/runs", new { mode = "euclidean" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetInt64();
        for (var deadline = DateTime.UtcNow.AddSeconds(120); DateTime.UtcNow < deadline; await Task.Delay(250))
        {
            var state = (await admin.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{id}")).GetProperty("run").GetProperty("state").GetString();
            if (state == "complete") return id;
            Assert.NotEqual("failed", state);
        }
        throw new TimeoutException($"coverage run {id} unfinished after 120 s");
    }
}

/// <summary>
/// Issue 19 on the demo: Wangjing (望京, 110105026, mostly Korean) per category where language applies shows its foreign
/// residents covered and covered in their language; the pilot comparison shows both, with Gini and Palma; a Wangjing health
/// station given Korean serves more of them in their language and no more of them physically.
/// </summary>
public sealed class LanguageDemoTests(LanguageDemoFixture fx) : IClassFixture<LanguageDemoFixture>
{
    private const string Wangjing = "110105026";

    private async Task<string[]> LanguageCategoriesAsync()
    {
        await using var cmd = fx.Db.Db.CreateCommand("select array_agg(code order by code) from facility_category where language_applies");
        return (string[])(await cmd.ExecuteScalarAsync())!;
    }

    private static Dictionary<string, JsonElement> WangjingRows(JsonElement results) =>
        results.GetProperty("units").EnumerateArray().Where(u => u.GetProperty("code").GetString() == Wangjing)
            .ToDictionary(u => u.GetProperty("category").GetString()!);

    [Fact]
    public async Task Wangjing_ShowsPhysicalAndLanguageCoverage_ForEveryCategoryWhereLanguageApplies_AndThePilotComparisonShowsBoth()
    {
        var admin = await fx.ClientAsync(Roles.Administrator);
        var run = await fx.RunAsync(admin);
        var categories = await LanguageCategoriesAsync();
        Assert.DoesNotContain("food_market", categories);
        Assert.Equal(8, categories.Length);

        var rows = WangjingRows(await admin.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{run}/languages?level=street&language=all"));
        Assert.Equal(categories, rows.Keys.Order());
        foreach (var (category, row) in rows)
        {
            var (persons, covered, inLanguage) = (row.GetProperty("foreignResidents").GetInt64(), row.GetProperty("foreignCovered").GetInt64(),
                row.GetProperty("foreignResidentsInLanguage").GetInt64());
            Assert.True(persons > 0 && covered <= persons && inLanguage <= covered, $"{category}: {persons} foreign residents, {covered} covered, {inLanguage} in language");
            Assert.Equal(covered - inLanguage, row.GetProperty("foreignResidentsLanguageGap").GetInt64());
        }
        // Wangjing's residents are mostly Korean and its health stations speak Chinese and English: a language gap.
        Assert.True(rows["health_station"].GetProperty("foreignResidentsLanguageGap").GetInt64() > 0);

        // The officials' comparison: every language category of Wangjing with both shares and the spread of accessibility (as an
        // administrator; an official sees the same fields, null where the privacy rule withholds a figure).
        var compare = await admin.GetFromJsonAsync<JsonElement>("/api/compare?streets=pilot");
        var wangjing = compare.GetProperty("streets").EnumerateArray().Single(s => s.GetProperty("code").GetString() == Wangjing).GetProperty("coverage");
        foreach (var category in categories)
            foreach (var field in new[] { "coveredShare", "foreignCoveredShare", "foreignInLanguageShare", "gini" })
                Assert.True(wangjing.GetProperty(category).GetProperty(field).ValueKind == JsonValueKind.Number, $"{category}.{field}: {wangjing.GetProperty(category)}");
        var official = await fx.ClientAsync(Roles.Official);
        var seen = (await official.GetFromJsonAsync<JsonElement>("/api/compare?streets=pilot")).GetProperty("streets").EnumerateArray()
            .Single(s => s.GetProperty("code").GetString() == Wangjing).GetProperty("coverage");
        Assert.All(categories, c => Assert.True(seen.GetProperty(c).TryGetProperty("foreignInLanguageShare", out _)));
        Assert.Equal(JsonValueKind.Null, wangjing.GetProperty("food_market").GetProperty("foreignInLanguageShare").ValueKind);
        Assert.Equal(JsonValueKind.Number, wangjing.GetProperty("health_station").GetProperty("foreignInLanguageShare").ValueKind);

        // Give every Wangjing health station Korean: more foreign residents in their language, the same ones physically covered.
        await using var cmd = fx.Db.Db.CreateCommand("select f.id from facility f join street s on s.id = f.street_id where s.code = $1 and f.category_code = 'health_station'");
        cmd.Parameters.Add(new() { Value = Wangjing });
        var stations = new List<int>();
        await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) stations.Add(r.GetInt32(0));
        Assert.NotEmpty(stations);
        foreach (var id in stations)
            Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/facilities/{id}/languages", new { languages = new[] { "zh", "en", "ko" } })).StatusCode);
        var after = WangjingRows(await admin.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{await fx.RunAsync(admin)}/languages?level=street&language=all"));
        var (b, a) = (rows["health_station"], after["health_station"]);
        Assert.Equal(b.GetProperty("foreignCovered").GetInt64(), a.GetProperty("foreignCovered").GetInt64());
        Assert.True(a.GetProperty("foreignResidentsInLanguage").GetInt64() > b.GetProperty("foreignResidentsInLanguage").GetInt64());
        Assert.Equal(rows["library"].GetProperty("foreignResidentsInLanguage").GetInt64(), after["library"].GetProperty("foreignResidentsInLanguage").GetInt64());
    }

    [Fact]
    public async Task Staffing_AnswersTheGreedyPlanWithItsBound_AndLinksWorkerMatching()
    {
        var admin = await fx.ClientAsync(Roles.Administrator);
        var run = await fx.RunAsync(admin);
        var plan = await admin.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{run}/language-staffing?category=health_station&staff=3");
        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        Assert.InRange(steps.Count, 1, 3);
        var persons = steps.Select(s => s.GetProperty("persons").GetInt64()).ToList();
        Assert.Equal(persons.OrderDescending(), persons);                              // greedy gains never grow
        Assert.Equal(persons.Sum(), plan.GetProperty("persons").GetInt64());
        Assert.True(plan.GetProperty("upperBound").GetDouble() >= persons.Sum());
        Assert.Equal("/api/grids/workers/matching", plan.GetProperty("workerMatching").GetString());
        var bad = await admin.GetAsync($"/api/coverage/runs/{run}/language-staffing?category=food_market");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("language does not apply", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Staffing_ReportsMethodObjectivesAndGap_WhenExactIsAsked()
    {
        var admin = await fx.ClientAsync(Roles.Administrator);
        var run = await fx.RunAsync(admin);
        var plan = await admin.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{run}/language-staffing?category=health_station&staff=3&exact=true&timeLimitSeconds=20");
        var c = plan.GetProperty("comparison");
        var method = plan.GetProperty("method").GetString();
        Assert.Equal(c.GetProperty("answered").GetString(), method);
        var greedy = c.GetProperty("greedyPersons").GetInt64();
        var exact = c.GetProperty("exactPersons").GetInt64();
        var bound = c.GetProperty("upperBound").GetDouble();
        Assert.True(exact >= greedy, $"exact {exact} < greedy {greedy}");
        Assert.True(bound >= exact);
        Assert.Equal((bound - greedy) / bound, c.GetProperty("greedyGap").GetDouble(), 9);
        Assert.InRange(c.GetProperty("exactGap").GetDouble(), 0, 1);
        var steps = plan.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(steps.Sum(s => s.GetProperty("persons").GetInt64()), plan.GetProperty("persons").GetInt64());
        if (method == "exact")
        {
            Assert.Equal("optimal", c.GetProperty("exactStatus").GetString());
            Assert.Equal(exact, plan.GetProperty("persons").GetInt64());
            Assert.Equal(0, c.GetProperty("exactGap").GetDouble(), 9);
        }
        else Assert.Equal(greedy, plan.GetProperty("persons").GetInt64());
        // the exact plan is the administrators': a planner gets the restricted greedy plan, without a comparison
        var planner = await fx.ClientAsync(Roles.Planner);
        var shown = await planner.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{run}/language-staffing?category=health_station&staff=3&exact=true");
        Assert.Equal("greedy", shown.GetProperty("method").GetString());
        Assert.True(!shown.TryGetProperty("comparison", out var none) || none.ValueKind == JsonValueKind.Null);
        var bad = await admin.GetAsync($"/api/coverage/runs/{run}/language-staffing?category=health_station&exact=true&timeLimitSeconds=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("timeLimitSeconds", await bad.Content.ReadAsStringAsync());
    }
}
