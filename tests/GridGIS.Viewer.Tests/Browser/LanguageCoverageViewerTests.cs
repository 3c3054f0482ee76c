using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Issue 19 in the browser: after a run, the planner's language table shows each street's foreign residents covered and
/// served in their language with Gini and Palma as the API gives them, the "served in their language" layer is drawn with a
/// legend per language group, a category where language does not apply says so, and the officials' comparison shows the
/// foreign residents covered and in their language for Wangjing. Screenshots 19-*.png.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageCoverageViewerTests(BrowserFixture fx)
{
    private const string Wangjing = "110105026";

    private static string Pct(JsonElement share) =>
        share.ValueKind == JsonValueKind.Null ? "–" : (share.GetDouble() * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";

    /// <summary>A run of this build (with language results), started through the API and waited for; its id.</summary>
    private async Task<long> FreshRunAsync(HttpClient api)
    {
        var started = await (await api.PostAsJsonAsync("/api/coverage/runs", new { mode = "euclidean" })).EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>();
        var id = started.GetProperty("id").GetInt64();
        for (var deadline = DateTime.UtcNow.AddMinutes(5); DateTime.UtcNow < deadline; await Task.Delay(500))
        {
            var state = (await api.GetFromJsonAsync<JsonElement>($"/api/coverage/runs/{id}")).GetProperty("run").GetProperty("state").GetString();
            if (state == "complete") return id;
            Assert.NotEqual("failed", state);
        }
        throw new TimeoutException($"coverage run {id} unfinished after 5 minutes");
    }

    [Fact]
    public async Task Planner_ShowsLanguageCoverageAndEquity_AndTheLanguageLayer_AndTheComparisonShowsBoth()
    {
        using var api = await fx.Server.ClientAsAsync("planner");
        var run = await FreshRunAsync(api);

        await using var vp = await ViewerPage.OpenAsync(fx, 1600, 1000);
        await vp.SignInAsync("planner");
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.GetByTestId("planner-category").SelectOptionAsync("health_station");
        var table = vp.Page.GetByTestId("planner-language-table");
        await vp.Page.WaitForSelectorAsync($"[data-testid=planner-language-table] tr[data-street='{Wangjing}']", new() { Timeout = 60_000 });
        Assert.Equal(run, await vp.Page.EvaluateAsync<long>("() => window.gridgis.run"));

        // Every street row as the API gives it (as the planner sees it: withheld figures are "–").
        using var equity = JsonDocument.Parse(await api.GetStringAsync($"/api/coverage/runs/{run}/equity?category=health_station"));
        var streets = equity.RootElement.GetProperty("units").EnumerateArray().Where(u => u.GetProperty("level").GetString() == "street").ToList();
        Assert.Equal(streets.Count, await table.Locator("tr[data-street]").CountAsync());
        foreach (var s in streets)
        {
            var row = table.Locator($"tr[data-street='{s.GetProperty("code").GetString()}']");
            Assert.Equal(Pct(s.GetProperty("foreignCoveredShare")), await row.Locator("td[data-figure=foreignCovered]").InnerTextAsync());
            Assert.Equal(Pct(s.GetProperty("foreignInLanguageShare")), await row.Locator("td[data-figure=inLanguage]").InnerTextAsync());
        }
        var wangjing = streets.Single(s => s.GetProperty("code").GetString() == Wangjing);
        Assert.Equal(JsonValueKind.Number, wangjing.GetProperty("foreignCoveredShare").ValueKind);
        Assert.Equal(JsonValueKind.Number, wangjing.GetProperty("gini").ValueKind);
        Assert.NotEqual("–", await table.Locator($"tr[data-street='{Wangjing}'] td[data-figure=gini]").InnerTextAsync());

        // The language layer is on, drawn from the run's language gaps, with a legend entry per language group.
        await vp.Page.WaitForFunctionAsync("() => window.gridgis.byId('languageGaps').getVisible() && window.gridgis.byId('languageGaps').getSource().getFeatures().length > 0",
            null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        using var gaps = JsonDocument.Parse(await api.GetStringAsync($"/api/coverage/runs/{run}/language-gaps?category=health_station"));
        Assert.Equal(gaps.RootElement.GetProperty("features").GetArrayLength(),
            await vp.Page.EvaluateAsync<int>("() => window.gridgis.byId('languageGaps').getSource().getFeatures().length"));
        var legendItems = await vp.Page.GetByTestId("language-legend").Locator("li").AllInnerTextsAsync();
        Assert.Contains(legendItems, l => l.StartsWith("韩语", StringComparison.Ordinal));
        await vp.Page.Locator($"[data-testid=planner-table] tr[data-street='{Wangjing}']").ClickAsync();     // zoom to Wangjing
        await vp.WaitForMapAsync(timeoutMs: 120_000);
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the planner's map is blank");
        await vp.ScreenshotAsync("19-planner-languages");
        await vp.Page.GetByTestId("planner-languages").ScreenshotAsync(new() { Path = Path.Combine(fx.Screenshots, "19-planner-language-table.png") });

        // A category where language does not apply: the figures without the language columns, and a note.
        await vp.Page.GetByTestId("planner-category").SelectOptionAsync("food_market");
        await Assertions.Expect(vp.Page.GetByTestId("language-not-applicable")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.Equal(0, await table.Locator("td[data-figure=inLanguage]").CountAsync());
        vp.AssertNoErrors();

        // The officials' comparison: Wangjing's foreign residents covered and in their language, as the API gives them.
        await using var op = await ViewerPage.OpenAsync(fx, 1600, 1000);
        await op.SignInAsync("official");
        await op.Page.ClickAsync("button[data-tab=compare]");
        await op.Page.GetByTestId("compare-pilot").ClickAsync();
        await op.Page.GetByTestId("compare-run").ClickAsync();
        var compare = op.Page.GetByTestId("compare-table");
        await Assertions.Expect(compare).ToBeVisibleAsync(new() { Timeout = 60_000 });
        using var official = await fx.Server.ClientAsAsync("official");
        using var doc = JsonDocument.Parse(await official.GetStringAsync("/api/compare?streets=pilot"));
        var coverage = doc.RootElement.GetProperty("streets").EnumerateArray().Single(s => s.GetProperty("code").GetString() == Wangjing)
            .GetProperty("coverage").GetProperty("health_station");
        Assert.Equal(Pct(coverage.GetProperty("foreignCoveredShare")),
            await compare.Locator($"td[data-street='{Wangjing}'][data-figure='foreignCovered:health_station']").InnerTextAsync());
        Assert.Equal(Pct(coverage.GetProperty("foreignInLanguageShare")),
            await compare.Locator($"td[data-street='{Wangjing}'][data-figure='inLanguage:health_station']").InnerTextAsync());
        Assert.Equal(0, await compare.Locator("td[data-figure='inLanguage:food_market']").CountAsync());
        await compare.Locator("tr", new() { HasText = "母语服务率" }).First.ScrollIntoViewIfNeededAsync();
        await op.ScreenshotAsync("19-compare-languages");
        op.AssertNoErrors();
    }
}
