using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Http;

/// <summary>
/// Every error of every feature has one shape: status, title, detail, and the request value at fault as
/// <c>parameter</c> (query string or route value) or <c>field</c> (JSON body member). Enum words are parsed
/// where the request enters: numbers are not enum values.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ProblemShapeTests(PostgisFixture fx)
{
    [Theory]
    [InlineData(Roles.Planner, "/api/coverage/runs?limit=0", "limit")]
    [InlineData(Roles.Planner, "/api/coverage/runs/abc", "id")]
    [InlineData(Roles.Planner, "/api/coverage/runs/latest?level=planet", "level")]
    [InlineData(Roles.Planner, "/api/coverage/runs/latest/gaps", "category")]
    [InlineData(Roles.Planner, "/api/coverage/compare?from=latest&to=latest&level=1", "level")]
    [InlineData(Roles.Planner, "/api/streets?limit=0", "limit")]
    [InlineData(Roles.Planner, "/api/streets?limit=abc", "limit")]
    [InlineData(Roles.Planner, "/api/facilities?bbox=1,2", "bbox")]
    [InlineData(Roles.Planner, "/api/service-areas?category=library&mode=-1", "mode")]
    [InlineData(Roles.Planner, "/api/service-areas?category=library&mode=1", "mode")]
    [InlineData(Roles.Planner, "/api/service-areas?category=library&mode=network,euclidean", "mode")]
    [InlineData(Roles.Planner, "/api/facilities/1/service-area?minutes=0", "minutes")]
    [InlineData(Roles.Planner, "/api/nearest?lon=500&lat=39.9", "lon")]
    [InlineData(Roles.Official, "/api/heatmap?metric=0&bbox=116,39,117,40&zoom=12", "metric")]
    [InlineData(Roles.Official, "/api/compare?streets=1", "streets")]
    [InlineData(Roles.Planner, "/api/grids/workers/matching?scope=1", "scope")]
    [InlineData(Roles.Planner, "/api/grids/workload?householdLimit=0", "householdLimit")]
    [InlineData(Roles.Planner, "/api/communities/topology?minAreaM2=-1", "minAreaM2")]
    [InlineData(Roles.Administrator, "/api/grids/1/households?limit=0", "limit")]
    [InlineData(Roles.Administrator, "/api/households/unassigned?limit=0", "limit")]
    public async Task BadQueryOrRouteValue_Returns400_NamingTheParameter(string role, string url, string parameter)
    {
        var client = await fx.ClientAsAsync(role);
        var problem = await (await client.GetAsync(url)).AssertProblemAsync(400);
        AssertShape(problem, url);
        Assert.True(problem.TryGetProperty("parameter", out var p), $"{url}: no 'parameter' in {problem}");
        Assert.Equal(parameter, p.GetString());
        Assert.False(problem.TryGetProperty("field", out _), $"{url}: a query value is not a body field: {problem}");
    }

    [Theory]
    [InlineData(Roles.Administrator, "/api/grids/assign?scope=-1", "scope")]
    [InlineData(Roles.Administrator, "/api/import/streets?crs=mars", "crs")]
    public async Task BadQueryValueOfAWrite_Returns400_NamingTheParameter(string role, string url, string parameter)
    {
        var client = await fx.ClientAsAsync(role);
        var problem = await (await client.PostAsync(url, new StringContent("{}", Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        AssertShape(problem, url);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData(Roles.Planner, "/api/coverage/runs", "{\"mode\": \"-1\"}", "mode")]
    [InlineData(Roles.Planner, "/api/coverage/runs", "{\"mode\": \"0\"}", "mode")]
    [InlineData(Roles.Planner, "/api/coverage/runs", "{\"minutes\": 0}", "minutes")]
    [InlineData(Roles.Planner, "/api/coverage/runs", "{\"categories\": []}", "categories")]
    [InlineData(Roles.Administrator, "/api/grids/1/designation", "{\"kind\": \"1\", \"reason\": \"r\"}", "kind")]
    [InlineData(Roles.Administrator, "/api/grid-workers", "{\"name\": \"\"}", "name")]
    [InlineData(Roles.Administrator, "/api/admin/keys", "{\"userName\": \"!\"}", "userName")]
    [InlineData(Roles.Administrator, "/api/households/1/move", "{\"reason\": \"r\"}", "toGridId")]
    public async Task BadBodyMember_Returns400_NamingTheField(string role, string url, string body, string field)
    {
        var client = await fx.ClientAsAsync(role);
        var problem = await (await client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"))).AssertProblemAsync(400);
        AssertShape(problem, url);
        Assert.True(problem.TryGetProperty("field", out var f), $"{url}: no 'field' in {problem}");
        Assert.Equal(field, f.GetString());
        Assert.False(problem.TryGetProperty("parameter", out _), $"{url}: a body member is not a query parameter: {problem}");
    }

    [Fact]
    public async Task EnumProblem_ListsTheAllowedWords()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var problem = await (await client.GetAsync("/api/service-areas?category=library&mode=-1")).AssertProblemAsync(400);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("'network'", detail, StringComparison.Ordinal);
        Assert.Contains("'euclidean'", detail, StringComparison.Ordinal);
        Assert.Contains("'-1'", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Planner, "/api/coverage/runs/999999999")]
    [InlineData(Roles.Planner, "/api/streets/999999999")]
    [InlineData(Roles.Planner, "/api/facilities/999999999/service-area")]
    [InlineData(Roles.Planner, "/api/viewer/grids/999999999/figures")]
    [InlineData(Roles.Administrator, "/api/households/999999999999")]
    [InlineData(Roles.Administrator, "/api/import/jobs/nope")]
    [InlineData(Roles.Planner, "/api/no-such-thing")]
    public async Task Missing_Returns404_InTheSameShape(string role, string url)
    {
        var client = await fx.ClientAsAsync(role);
        var problem = await (await client.GetAsync(url)).AssertProblemAsync(404);
        AssertShape(problem, url);
        Assert.Equal("Not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task AuthFailures_AreProblemsInTheSameShape()
    {
        var anonymous = fx.Factory.CreateClient();
        AssertShape(await (await anonymous.GetAsync("/api/streets")).AssertProblemAsync(401), "401");
        AssertShape(await (await anonymous.PostAsJsonAsync("/api/auth/token", new { userName = "nobody-here", password = "wrong" })).AssertProblemAsync(401), "sign-in");
        var worker = await fx.ClientAsAsync(Roles.GridWorker);
        AssertShape(await (await worker.GetAsync("/api/coverage/runs")).AssertProblemAsync(403), "403");
    }

    [Fact]
    public async Task ExceptionHandlerProblems_NameTheParameter_WhenBindingFails()
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        var problem = await (await client.GetAsync("/api/heatmap?metric=foreign&bbox=116,39,117,40&zoom=abc")).AssertProblemAsync(400);
        AssertShape(problem, "zoom=abc");
        Assert.Equal("zoom", problem.GetProperty("parameter").GetString());
    }

    /// <summary>The one shape: status, a title, a detail, a code with its args; nothing else but type, traceId, parameter/field and documented lists.</summary>
    private static void AssertShape(JsonElement problem, string where)
    {
        Assert.True(problem.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String && t.GetString()!.Length > 0, $"{where}: no title in {problem}");
        Assert.True(problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String && d.GetString()!.Length > 0, $"{where}: no detail in {problem}");
        Assert.True(char.IsUpper(t.GetString()![0]), $"{where}: title '{t.GetString()}' is not capitalised like the others");
        var known = new HashSet<string> { "type", "title", "status", "detail", "instance", "traceId", "parameter", "field", "allowed", "errors", "errorCount", "layer", "code", "args" };
        var extra = problem.EnumerateObject().Select(p => p.Name).Where(n => !known.Contains(n)).ToList();
        Assert.True(extra.Count == 0, $"{where}: unexpected members {string.Join(", ", extra)} in {problem}");
        Assert.True(problem.TryGetProperty("traceId", out _), $"{where}: no traceId in {problem}");
        // A machine-readable code (and its args) for clients that say the problem in their own language (the viewer: zh, en).
        Assert.True(problem.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String && c.GetString()!.Length > 0, $"{where}: no code in {problem}");
        Assert.True(problem.TryGetProperty("args", out var a) && a.ValueKind == JsonValueKind.Object, $"{where}: no args in {problem}");
    }
}
