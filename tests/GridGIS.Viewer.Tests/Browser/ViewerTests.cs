using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// The viewer in real headless Chromium against the real server on the demo database: sign in,
/// switch every layer, open a popup, switch language, compare the pilot streets and check the
/// table against the API. Screenshots go to artifacts/screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ViewerTests(BrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Map_DrawsEveryLayerAndOpensPopup_WhenPlannerSignsIn()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the map canvas is blank after sign-in");
        await vp.ScreenshotAsync("01-map-planner");

        var ids = await vp.Page.EvaluateAsync<string[]>("() => window.gridgis.layers.filter(l => l.get('available')).map(l => l.get('id'))");
        Assert.Contains("heatmap", ids);
        foreach (var id in ids)
        {
            var box = vp.Page.GetByTestId($"layer-{id}");
            await box.SetCheckedAsync(true);
            Assert.True(await vp.Page.EvaluateAsync<bool>("id => window.gridgis.byId(id).getVisible()", id), $"layer {id} did not switch on");
        }
        // Service areas: the category's bands, dissolved along the walking network on the server, must arrive and be drawn.
        Assert.Contains("serviceAreas", ids);
        await vp.Page.WaitForFunctionAsync("() => window.gridgis.byId('serviceAreas').getSource().getFeatures().length > 0", null,
            new PageWaitForFunctionOptions { Timeout = 60_000 });
        var bands = await vp.Page.EvaluateAsync<double[]>("() => window.gridgis.byId('serviceAreas').getSource().getFeatures().map(f => f.get('minutes'))");
        Assert.All(bands, m => Assert.InRange(m, 1, 60));
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        var heatCells = await vp.Page.EvaluateAsync<int>("() => window.gridgis.byId('heatmap').getSource().getFeatures().length");
        Assert.True(heatCells > 0, "the heatmap layer drew no cells");
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the map canvas is blank with every layer on");
        await vp.ScreenshotAsync("02-all-layers");

        foreach (var id in ids)
        {
            await vp.Page.GetByTestId($"layer-{id}").SetCheckedAsync(false);
            Assert.False(await vp.Page.EvaluateAsync<bool>("id => window.gridgis.byId(id).getVisible()", id), $"layer {id} did not switch off");
        }
        await vp.Page.GetByTestId("layer-streets").SetCheckedAsync(true);
        await vp.Page.GetByTestId("layer-grids").SetCheckedAsync(true);
        await vp.WaitForMapAsync();

        // Click inside the first street: the popup names it and shows its figures from the server.
        var at = await vp.Page.EvaluateAsync<JsonElement>("""
            () => {
              const f = window.gridgis.byId('streets').getSource().getFeatures()[0];
              const c = f.getGeometry().getInteriorPoints().getCoordinates()[0];
              window.gridgis.map.getView().setCenter([c[0], c[1]]);
              window.gridgis.map.renderSync();
              const p = window.gridgis.map.getPixelFromCoordinate([c[0], c[1]]);
              const r = document.getElementById('map').getBoundingClientRect();
              return { x: r.left + p[0], y: r.top + p[1], name: f.get('nameZh') };
            }
            """);
        await vp.WaitForMapAsync();
        await vp.Page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
        var popup = vp.Page.GetByTestId("popup");
        await Microsoft.Playwright.Assertions.Expect(popup).ToBeVisibleAsync();
        await Microsoft.Playwright.Assertions.Expect(popup.Locator("table")).Not.ToHaveCountAsync(0);
        var popupText = await popup.InnerTextAsync();
        Assert.False(string.IsNullOrWhiteSpace(popupText));
        await vp.ScreenshotAsync("03-popup");

        // Language: the header and the layer titles switch to English.
        Assert.Contains("网格化管理地图", await vp.Page.InnerTextAsync("header h1"));
        await vp.Page.GetByTestId("lang").ClickAsync();
        await vp.Page.WaitForSelectorAsync("#map canvas");
        Assert.Equal("GridGIS map", await vp.Page.InnerTextAsync("header h1"));
        Assert.Contains("Streets", await vp.Page.InnerTextAsync("#panel"));
        await vp.WaitForMapAsync();
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the map canvas is blank after switching language");
        await vp.ScreenshotAsync("04-english");
        await vp.Page.GetByTestId("lang").ClickAsync(); // back to Chinese for the next tests
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task Compare_ShowsPilotStreetFiguresEqualToApi_WhenOfficialRunsPreset()
    {
        await using var vp = await ViewerPage.OpenAsync(fx, 1600, 1000);
        await vp.SignInAsync("official");
        await vp.Page.ClickAsync("button[data-tab=compare]");
        await vp.Page.GetByTestId("compare-pilot").ClickAsync();
        await vp.Page.GetByTestId("compare-run").ClickAsync();
        var table = vp.Page.GetByTestId("compare-table");
        await Microsoft.Playwright.Assertions.Expect(table).ToBeVisibleAsync(new() { Timeout = 60_000 });

        using var api = await fx.Server.ClientAsAsync("official");
        using var doc = JsonDocument.Parse(await api.GetStringAsync("/api/compare?streets=pilot"));
        var streets = doc.RootElement.GetProperty("streets").EnumerateArray().ToList();
        Assert.Equal(5, streets.Count);
        foreach (var s in streets)
        {
            var code = s.GetProperty("code").GetString()!;
            foreach (var figure in new[] { "residents", "households", "foreignResidents" })
            {
                var shown = await table.Locator($"td[data-street='{code}'][data-figure='{figure}']").InnerTextAsync();
                if (s.GetProperty(figure).ValueKind == JsonValueKind.Null) Assert.Equal("–", shown);   // withheld by the privacy rule
                else Assert.Equal(s.GetProperty(figure).GetInt64(), long.Parse(shown.Replace(",", ""), CultureInfo.InvariantCulture));
            }
            var share = await table.Locator($"td[data-street='{code}'][data-figure='foreignShare']").InnerTextAsync();
            if (s.GetProperty("foreignShare").ValueKind == JsonValueKind.Null) Assert.Equal("–", share);
            else // shown as a percentage with two decimals (JavaScript rounding of the binary value)
                Assert.InRange(double.Parse(share.TrimEnd('%'), CultureInfo.InvariantCulture) - s.GetProperty("foreignShare").GetDouble() * 100, -0.0051, 0.0051);
        }

        // Synchronised maps: one per street, all at the same resolution, each with something drawn.
        var resolutions = await vp.Page.EvaluateAsync<double[]>("() => window.gridgisCompare.map(m => m.getView().getResolution())");
        Assert.Equal(5, resolutions.Length);
        Assert.All(resolutions, r => Assert.Equal(resolutions[0], r, 6));
        for (var i = 0; i < 5; i++) await vp.WaitForMapAsync($"window.gridgisCompare[{i}]");
        Assert.True(await vp.PaintedPixelsAsync(".compare-map") > 100, "the comparison maps are blank");
        await vp.Page.EvaluateAsync("() => window.gridgisCompare[0].getView().setResolution(window.gridgisCompare[0].getView().getResolution() / 2)");
        var after = await vp.Page.EvaluateAsync<double[]>("() => window.gridgisCompare.map(m => m.getView().getResolution())");
        Assert.All(after, r => Assert.Equal(resolutions[0] / 2, r, 6));
        await vp.Page.EvaluateAsync("() => window.gridgisCompare[0].getView().setResolution(window.gridgisCompare[0].getView().getResolution() * 2)");
        for (var i = 0; i < 5; i++) await vp.WaitForMapAsync($"window.gridgisCompare[{i}]");
        await vp.ScreenshotAsync("05-compare-pilot");

        // The PNG export comes from the server's SkiaSharp renderer.
        var download = await vp.Page.RunAndWaitForDownloadAsync(() => vp.Page.GetByTestId("compare-png").ClickAsync());
        var path = Path.Combine(fx.Screenshots, "06-compare-export.png");
        await download.SaveAsAsync(path);
        var bytes = await File.ReadAllBytesAsync(path);
        Assert.Equal("PNG", System.Text.Encoding.ASCII.GetString(bytes, 1, 3));
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task Planner_ShowsCoverageByStreetMatchingApi_WhenCategoryPicked()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        await vp.Page.ClickAsync("button[data-tab=planner]");
        var table = vp.Page.GetByTestId("planner-table");
        await vp.Page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=planner-table]').textContent.includes('加载中')", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });

        // The planner starts a run from the panel and watches its state and percentage until it completes.
        // Every text the state line shows on the way is recorded: a percentage is 0..100 (the viewer once
        // multiplied the server's 0..100 by 100 again and showed "6333%" while a run was going).
        await vp.Page.EvaluateAsync("""
            () => {
            window.runStateTexts = [];
            new MutationObserver(() => {
                const label = document.querySelector('[data-testid=planner-run-state]');
                if (label) window.runStateTexts.push(label.textContent);
            }).observe(document.getElementById('panel'), { subtree: true, childList: true, characterData: true });
            }
            """);
        await vp.Page.GetByTestId("planner-run").ClickAsync();
        var runState = vp.Page.GetByTestId("planner-run-state");
        await vp.Page.WaitForSelectorAsync("[data-testid=planner-run-state][data-state=complete]", new PageWaitForSelectorOptions { Timeout = 300_000 });
        Assert.Contains("100%", await runState.InnerTextAsync());
        var shown = await vp.Page.EvaluateAsync<string[]>("() => window.runStateTexts");
        var percents = shown.SelectMany(text => System.Text.RegularExpressions.Regex.Matches(text, @"(\d+)%").Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture))).ToList();
        output.WriteLine($"run state texts seen: {shown.Length}, percentages {string.Join(", ", percents.Distinct())}");
        Assert.NotEmpty(percents);
        Assert.True(percents.All(p => p is >= 0 and <= 100), "the progress text left 0..100 %: " + string.Join(" | ", shown.Distinct()));
        Assert.True(await vp.Page.EvaluateAsync<bool>("() => { const p = document.querySelector('[data-testid=planner-run-state] progress'); return !p || (p.value >= 0 && p.value <= p.max); }"));
        Assert.Contains("已完成", await runState.InnerTextAsync());
        await vp.Page.WaitForFunctionAsync("() => !document.querySelector('[data-testid=planner-table]').textContent.includes('加载中')", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });

        using var api = await fx.Server.ClientAsAsync("planner");
        using var runs = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs?limit=50"));
        var complete = runs.RootElement.GetProperty("runs").EnumerateArray()
            .Where(r => r.GetProperty("state").GetString() == "complete" && !r.GetProperty("noOp").GetBoolean() && !r.GetProperty("whatIf").GetBoolean()).ToList();
        Assert.NotEmpty(complete);
        Assert.Equal(complete[0].GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture), await vp.Page.GetByTestId("planner-after").InputValueAsync());
        var category = await vp.Page.GetByTestId("planner-category").InputValueAsync();

        // The table shows run runId's figures for the category, street by street, as the API gives them.
        async Task AssertTableMatchesRunAsync(long runId)
        {
            using var results = JsonDocument.Parse(await api.GetStringAsync($"/api/coverage/runs/{runId}?level=street&category={category}"));
            var units = results.RootElement.GetProperty("units").EnumerateArray().ToList();
            Assert.NotEmpty(units);
            Assert.Equal(units.Count, await table.Locator("tr[data-street]").CountAsync());
            // Withheld counts are not summed as 0: with any withheld the total is "at least" the sum of the others.
            var outside = units.Sum(u => u.GetProperty("householdsNotCovered").ValueKind == JsonValueKind.Number ? u.GetProperty("householdsNotCovered").GetInt64() : 0);
            var withheld = units.Any(u => u.GetProperty("householdsNotCovered").ValueKind != JsonValueKind.Number);
            Assert.Equal($"{(withheld ? "至少 " : "")}{outside.ToString("N0", CultureInfo.InvariantCulture)} 户", await vp.Page.GetByTestId("households-outside").InnerTextAsync());
            foreach (var u in units)
            {
                var share = u.GetProperty("shareCovered");
                var expected = share.ValueKind == JsonValueKind.Null ? "–" : (share.GetDouble() * 100).ToString("0.00", CultureInfo.InvariantCulture) + "%";
                Assert.Equal(expected, await table.Locator($"tr[data-street='{u.GetProperty("code").GetString()}'] td[data-figure=share]").InnerTextAsync());
            }
            Assert.True(await vp.Page.EvaluateAsync<bool>("() => window.gridgis.byId('gaps').getVisible()"), "gaps are not drawn for the planner");
            Assert.Equal(runId, await vp.Page.EvaluateAsync<long>("() => window.gridgis.run"));
        }
        await AssertTableMatchesRunAsync(complete[0].GetProperty("id").GetInt64());

        // What if the category's threshold were 5 minutes? The panel starts a what-if run of that category,
        // shows its progress, then its figures and gaps; "latest" stays on the full run.
        await vp.Page.GetByTestId("planner-minutes").SelectOptionAsync("5");
        await vp.Page.WaitForFunctionAsync("() => (document.querySelector('[data-testid=planner-heading]')?.textContent ?? '').includes('试算 5')", null,
            new PageWaitForFunctionOptions { Timeout = 300_000 });
        using var after = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs?limit=50"));
        var whatIf = after.RootElement.GetProperty("runs").EnumerateArray().First(r => r.GetProperty("whatIf").GetBoolean()
            && r.GetProperty("state").GetString() == "complete" && r.GetProperty("minutes").GetDouble() == 5
            && r.GetProperty("categories").EnumerateArray().Single().GetString() == category);
        await AssertTableMatchesRunAsync(whatIf.GetProperty("id").GetInt64());
        using var latest = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs/latest"));
        Assert.Equal(complete[0].GetProperty("id").GetInt64(), latest.RootElement.GetProperty("run").GetProperty("id").GetInt64());
        await vp.WaitForMapAsync(timeoutMs: 120_000); // service areas are computed along the walking network on request
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the planner's map is blank");
        await vp.ScreenshotAsync("08-planner");
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task FirstPaint_IsMeasured_WhenSignedInPageLoads()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        // Reload with the token already in sessionStorage: navigation start to the map's first complete render.
        var samples = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            await vp.Page.ReloadAsync();
            await vp.Page.WaitForFunctionAsync("() => document.body.dataset.firstPaintMs", null, new PageWaitForFunctionOptions { Timeout = 30_000 });
            samples.Add(double.Parse(await vp.Page.EvaluateAsync<string>("() => document.body.dataset.firstPaintMs"), CultureInfo.InvariantCulture));
        }
        samples.Sort();
        var line = $"viewer first paint (navigation start to first rendercomplete, demo): median {samples[1]:0} ms, samples {string.Join(", ", samples.Select(s => s.ToString("0", CultureInfo.InvariantCulture)))} ms";
        output.WriteLine(line);
        await File.WriteAllTextAsync(Path.Combine(fx.Server.Root, "artifacts", "viewer-first-paint.txt"), line + "\n");
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the map canvas is blank after reload");
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task WorkerPanel_ShowsOwnHouseholdsAndMovesOne_WhenGridWorkerSignsIn()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("worker");
        Assert.DoesNotContain(await vp.Page.Locator("header nav button").AllInnerTextsAsync(), t => t.Contains("街道对比"));
        await vp.Page.ClickAsync("button[data-tab=worker]");
        await vp.Page.WaitForFunctionAsync("() => !document.getElementById('w-body').textContent.includes('加载中')", null,
            new PageWaitForFunctionOptions { Timeout = 30_000 });
        await vp.WaitForMapAsync();

        using var api = await fx.Server.ClientAsAsync("worker");
        using var mine = JsonDocument.Parse(await api.GetStringAsync("/api/viewer/my-grids"));
        var grids = mine.RootElement.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("id").GetInt32()).ToList();
        long expected = 0;
        foreach (var g in grids)
        {
            using var hh = JsonDocument.Parse(await api.GetStringAsync($"/api/grids/{g}/households?limit=5000"));
            expected += hh.RootElement.GetProperty("features").GetArrayLength();
        }
        Assert.Equal(expected, long.Parse((await vp.Page.GetByTestId("worker-households").InnerTextAsync()).Replace(",", ""), CultureInfo.InvariantCulture));
        await vp.Page.WaitForSelectorAsync("[data-testid=worker-topology]");
        Assert.True(await vp.PaintedPixelsAsync() > 200, "the worker's map is blank");
        await vp.ScreenshotAsync("07-worker");

        if (grids.Count >= 2 && expected > 0)
        {
            // Click one of the worker's households on the map: its id fills the move form; move it with a reason.
            var at = await vp.Page.EvaluateAsync<JsonElement>("""
                () => {
                  const f = window.gridgis.byId('households').getSource().getFeatures()[0];
                  const c = f.getGeometry().getCoordinates();
                  window.gridgis.map.getView().setCenter(c);
                  window.gridgis.map.renderSync();
                  const p = window.gridgis.map.getPixelFromCoordinate(c);
                  const r = document.getElementById('map').getBoundingClientRect();
                  return { x: r.left + p[0], y: r.top + p[1], id: f.getId(), grid: f.get('gridId') };
                }
                """);
            var id = at.GetProperty("id").GetInt64();
            var from = at.GetProperty("grid").GetInt32();
            var to = grids.First(g => g != from);
            await vp.WaitForMapAsync();
            await vp.Page.Mouse.ClickAsync(at.GetProperty("x").GetSingle(), at.GetProperty("y").GetSingle());
            await Microsoft.Playwright.Assertions.Expect(vp.Page.Locator("#w-move input[name=household]")).ToHaveValueAsync(id.ToString(CultureInfo.InvariantCulture));
            await vp.Page.SelectOptionAsync("#w-move select[name=grid]", to.ToString(CultureInfo.InvariantCulture));
            await vp.Page.FillAsync("#w-move input[name=reason]", "viewer test: resident moved within the compound");
            await vp.Page.ClickAsync("#w-move button");
            await vp.Page.WaitForSelectorAsync("#w-done:has-text('✓')");
            try
            {
                using var moved = JsonDocument.Parse(await api.GetStringAsync($"/api/households/{id}"));
                Assert.Equal(to, moved.RootElement.GetProperty("properties").GetProperty("gridId").GetInt32());
            }
            finally
            {
                var back = await api.PostAsync($"/api/households/{id}/move", JsonContent.Create(new { toGridId = from, reason = "viewer test: restore" }));
                back.EnsureSuccessStatusCode();
            }
        }
        vp.AssertNoErrors();
    }
}
