using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Coverage;

/// <summary>What-if runs: some categories at minutes the planner picks; kept and read by id, never the latest.</summary>
public sealed class CoverageWhatIfTests(CoverageDatabase cov) : IClassFixture<CoverageDatabase>
{
    [Fact]
    public async Task WhatIfRun_HoldsOneCategoryAtItsMinutes_AndIsNeverLatest()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var full = await cov.CompleteRunAsync(admin);
        var category = cov.Data.Categories[0];

        var response = await admin.PostAsJsonAsync("/api/coverage/runs", new { mode = "euclidean", categories = new[] { category }, minutes = 3 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        using var started = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(started.RootElement.GetProperty("whatIf").GetBoolean());
        var whatIf = await cov.WaitCompleteAsync(admin, started.RootElement.GetProperty("id").GetInt64());

        // "latest" stays on the full run; the what-if run is read by its id.
        using var latest = JsonDocument.Parse(await admin.GetStringAsync("/api/coverage/runs/latest"));
        Assert.Equal(full, latest.RootElement.GetProperty("run").GetProperty("id").GetInt64());
        using var run = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{whatIf}?level=district"));
        var units = run.RootElement.GetProperty("units").EnumerateArray().ToList();
        Assert.Equal([category], units.Select(u => u.GetProperty("category").GetString()).Distinct());
        var parameters = run.RootElement.GetProperty("run").GetProperty("parameters");
        Assert.Equal(180, parameters.GetProperty("categories")[0].GetProperty("threshold_seconds").GetDouble(), 6);
        // 3 minutes reach no more households than the category's own (longer) threshold.
        using var own = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{full}?level=district&category={category}"));
        var covered3 = units.Single().GetProperty("householdsCovered").GetInt64();
        var coveredOwn = own.RootElement.GetProperty("units").EnumerateArray().Single().GetProperty("householdsCovered").GetInt64();
        Assert.True(covered3 < coveredOwn, $"3 min covers {covered3}, the category's own threshold {coveredOwn}");

        using var list = JsonDocument.Parse(await admin.GetStringAsync("/api/coverage/runs?limit=10"));
        var listed = list.RootElement.GetProperty("runs").EnumerateArray().Single(r => r.GetProperty("id").GetInt64() == whatIf);
        Assert.True(listed.GetProperty("whatIf").GetBoolean());
        Assert.Equal(3, listed.GetProperty("minutes").GetDouble());
        Assert.Equal([category], listed.GetProperty("categories").EnumerateArray().Select(c => c.GetString()));
    }

    [Theory]
    [InlineData("{\"categories\": [\"no_such_category\"]}", "no_such_category")]
    [InlineData("{\"categories\": []}", "categories")]
    [InlineData("{\"minutes\": 0}", "minutes must be a number from 1 to 60")]
    [InlineData("{\"minutes\": 61}", "minutes must be a number from 1 to 60")]
    public async Task StartRun_Returns400_WhenWhatIfIsBad(string body, string expected)
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var before = await cov.Db.CountAsync("coverage_run");
        var response = await admin.PostAsync("/api/coverage/runs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(expected, await response.Content.ReadAsStringAsync());
        Assert.Equal(before, await cov.Db.CountAsync("coverage_run"));
    }
}
