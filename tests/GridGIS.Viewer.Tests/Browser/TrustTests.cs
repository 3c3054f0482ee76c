using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Issue 17's numbers, legends and colours, as a planner sees them: a withheld count never summed as 0,
/// every figure with its unit, every analysis layer naming its category, threshold and run (in the city's
/// time zone), what-if bands in their own colours, colour-blind-safe ramps that do not share the gap
/// colour, heatmap classes fixed per metric.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class TrustTests(BrowserFixture fx)
{
    private static readonly TimeZoneInfo Beijing = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    [Fact]
    public async Task Figures_CarryUnitsAndLowerBounds_WhenCountsWithheld()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        using var api = await fx.Server.ClientAsAsync("planner");
        var run = await LatestNightlyRunAsync(api);
        // A category whose street figures have a withheld count, if the demo has one.
        string? category = null;
        long sum = 0;
        var anyWithheld = false;
        foreach (var code in (await CategoriesAsync(api)).Select(c => c.GetProperty("code").GetString()!))
        {
            using var results = JsonDocument.Parse(await api.GetStringAsync($"/api/coverage/runs/{run.GetProperty("id").GetInt64()}?level=street&category={code}"));
            var units = results.RootElement.GetProperty("units").EnumerateArray().ToList();
            var withheld = units.Any(u => u.GetProperty("householdsNotCovered").ValueKind != JsonValueKind.Number);
            if (category is not null && !withheld) continue;
            category = code; anyWithheld = withheld;
            sum = units.Sum(u => u.GetProperty("householdsNotCovered").ValueKind == JsonValueKind.Number ? u.GetProperty("householdsNotCovered").GetInt64() : 0);
            if (withheld) break;
        }
        Assert.NotNull(category);
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.GetByTestId("planner-category").SelectOptionAsync(category);
        var outside = vp.Page.GetByTestId("households-outside");
        var expected = $"{(anyWithheld ? "至少 " : "")}{sum.ToString("N0", CultureInfo.InvariantCulture)} 户";
        await Assertions.Expect(outside).ToHaveTextAsync(expected, new() { Timeout = 30_000 });

        // A facility's load against its capacity: both in persons, then the ratio.
        await vp.Page.ClickAsync("button[data-tab=layers]");
        await MapActions.WaitForFeaturesAsync(vp, "facilities");
        var facility = await MapActions.ClickFeatureAsync(vp, "facilities", "f => f.get('capacity') > 0");
        Assert.False(string.IsNullOrEmpty(facility), "no facility with a capacity");
        using (var figures = JsonDocument.Parse(await api.GetStringAsync($"/api/viewer/facilities/{facility}/figures")))
        {
            var l = figures.RootElement.GetProperty("load");
            string Persons(string p) => l.GetProperty(p).ValueKind == JsonValueKind.Number ? $"{l.GetProperty(p).GetInt64().ToString("N0", CultureInfo.InvariantCulture)} 人" : "–";
            var ratio = l.GetProperty("loadRatio").ValueKind == JsonValueKind.Number
                ? $" ({(l.GetProperty("loadRatio").GetDouble() * 100).ToString("N0", CultureInfo.InvariantCulture)}%{(l.GetProperty("overloaded").ValueKind == JsonValueKind.True ? " ⚠" : "")})" : "";
            var load = vp.Page.Locator("[data-testid=popup] tr[data-figure=load] td");
            await Assertions.Expect(load).ToHaveTextAsync($"{Persons("residents")} / {Persons("capacity")}{ratio}", new() { Timeout = 30_000 });
        }
        await MapActions.ScreenshotBothAsync(vp, "h17-facility-load");

        // A gap's area in hectares or km², never eight digits of m².
        await vp.Page.GetByTestId("layer-gaps").SetCheckedAsync(true);
        await MapActions.WaitForFeaturesAsync(vp, "gaps");
        Assert.NotNull(await MapActions.ClickFeatureAsync(vp, "gaps"));
        var areaText = await vp.Page.Locator("[data-testid=popup] tr[data-figure=gap-area] td").InnerTextAsync(new() { Timeout = 30_000 });
        Assert.Matches(AreaText(), areaText);
        await MapActions.ScreenshotBothAsync(vp, "h17-gap-area");
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task Legends_NameCategoryThresholdAndRun_WhenPlannerLooks()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        using var api = await fx.Server.ClientAsAsync("planner");
        var run = await LatestNightlyRunAsync(api);
        var category = (await CategoriesAsync(api))[0];
        var finished = DateTimeOffset.Parse(run.GetProperty("finishedAt").GetString()!, CultureInfo.InvariantCulture);
        var local = TimeZoneInfo.ConvertTime(finished, Beijing).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var minutes = category.GetProperty("walkMinutes").GetDouble();
        var metres = category.GetProperty("walkMetres").ValueKind == JsonValueKind.Number ? category.GetProperty("walkMetres").GetDouble()
            : minutes * category.GetProperty("walkSpeedKmh").GetDouble() * 1000 / 60;
        var threshold = $"阈值 {minutes.ToString("N0", CultureInfo.InvariantCulture)} 分钟 / {metres.ToString("N0", CultureInfo.InvariantCulture)} 米";

        // The Layers tab: the gaps say their category, threshold and run, the run's time in the city's zone.
        var gaps = vp.Page.Locator("li[data-layer=gaps]");
        await Assertions.Expect(gaps.Locator("label")).ToContainTextAsync(category.GetProperty("nameZh").GetString()!);
        var source = await gaps.GetByTestId("legend-source").InnerTextAsync();
        Assert.Contains($"#{run.GetProperty("id").GetInt64()}", source);
        Assert.Contains($"{local} (Asia/Shanghai)", source);
        Assert.Contains(threshold, source);
        await Assertions.Expect(vp.Page.Locator("li[data-layer=serviceAreas]").GetByTestId("legend-source")).ToHaveTextAsync(threshold);
        // The choropleth has its own checkbox.
        await Assertions.Expect(vp.Page.GetByTestId("layer-coverageChoropleth")).ToHaveCountAsync(1);

        // A 30-minute what-if: its band has a colour of its own, and the gaps say they are the what-if run's.
        await vp.Page.GetByTestId("layer-serviceAreas").SetCheckedAsync(true);
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.WaitForSelectorAsync("[data-testid=households-outside]", new() { Timeout = 30_000 });
        await vp.Page.GetByTestId("planner-minutes").SelectOptionAsync("30");
        // The what-if run of this category at 30 minutes: its heading, or the state line's failure.
        await vp.Page.WaitForFunctionAsync("""
            () => (document.querySelector('[data-testid=planner-heading]')?.textContent ?? '').includes('试算 30')
              || ['failed', 'interrupted'].includes(document.querySelector('[data-testid=planner-run-state]')?.dataset.state)
            """, null, new PageWaitForFunctionOptions { Timeout = 300_000 });
        Assert.Contains("试算 30", await vp.Page.GetByTestId("planner-heading").InnerTextAsync());
        await vp.Page.WaitForFunctionAsync("() => window.gridgis.byId('serviceAreas').getSource().getFeatures().some(f => f.get('minutes') === 30)", null,
            new PageWaitForFunctionOptions { Timeout = 120_000 });
        var colours = await vp.Page.EvaluateAsync<Dictionary<string, string>>("""
            () => {
              const l = window.gridgis.byId('serviceAreas');
              const style = l.getStyleFunction();
              const by = {};
              for (const f of l.getSource().getFeatures()) {
                const s = style(f, 1);
                by[String(f.get('minutes'))] = String((Array.isArray(s) ? s[0] : s).getFill().getColor());
              }
              return by;
            }
            """);
        Assert.Equal(["10", "15", "30", "5"], colours.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(4, colours.Values.Distinct().Count());
        await vp.Page.ClickAsync("button[data-tab=layers]");
        await Assertions.Expect(vp.Page.Locator("li[data-layer=gaps]").GetByTestId("legend-source")).ToContainTextAsync("试算批次");
        await Assertions.Expect(vp.Page.Locator("li[data-layer=gaps]").GetByTestId("legend-source")).ToContainTextAsync("试算 30 分钟");
        await Assertions.Expect(vp.Page.Locator("li[data-layer=serviceAreas] .legend")).ToContainTextAsync("≤ 30 分钟");
        await MapActions.ScreenshotBothAsync(vp, "h17-legends-whatif");
        vp.AssertNoErrors();
    }

    [Fact]
    public async Task Colours_AreColourBlindSafeAndFixed_WhenHeatmapZoomed()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        await vp.Page.ClickAsync("button[data-tab=planner]");
        await vp.Page.WaitForSelectorAsync("[data-testid=households-outside]", new() { Timeout = 30_000 });
        const string swatches = "sel => [...document.querySelectorAll(sel)].map(e => getComputedStyle(e).backgroundColor)";
        var ramp = (await vp.Page.EvaluateAsync<string[]>(swatches, "#panel .legend .swatch")).Select(Rgb).ToList();
        await vp.Page.ClickAsync("button[data-tab=layers]");
        var gap = Rgb(await vp.Page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('li[data-layer=gaps] .swatch')).borderTopColor"));
        Assert.True(ramp.Count >= 5, $"the choropleth legend has {ramp.Count} classes");
        var classes = ramp.Take(ramp.Count - 1).ToList();   // the last swatch is the withheld grey
        Assert.DoesNotContain(gap, classes);
        // Colour-blind safe: lightness rises steadily from 0 % to 100 % covered (viridis), never red against green.
        var lum = classes.Select(Luminance).ToList();
        Assert.True(lum.Zip(lum.Skip(1)).All(p => p.Second > p.First), "choropleth lightness is not monotonic: " + string.Join(", ", lum));

        // Heatmap classes stay the same from zoom 12 to zoom 14.
        await vp.Page.GetByTestId("layer-heatmap").SetCheckedAsync(true);
        await MapActions.WaitForFeaturesAsync(vp, "heatmap");
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        var heatLegend = vp.Page.Locator("li[data-layer=heatmap] .legend");
        var atTwelve = await heatLegend.InnerTextAsync();
        var heatRamp = (await vp.Page.EvaluateAsync<string[]>(swatches, "li[data-layer=heatmap] .legend .swatch")).Select(Rgb).ToList();
        Assert.DoesNotContain(gap, heatRamp);
        await vp.Page.EvaluateAsync("() => window.gridgis.map.getView().setZoom(14)");
        await Task.Delay(400);                      // the heatmap reloads its cells 200 ms after a zoom
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        Assert.Equal(atTwelve, await heatLegend.InnerTextAsync());

        // The heatmap popup names the metric it shows: foreign residents.
        Assert.NotNull(await MapActions.ClickFeatureAsync(vp, "heatmap", "f => f.get('value') > 0"));
        await Assertions.Expect(vp.Page.Locator("[data-testid=popup] tr[data-figure=heat-value] th")).ToHaveTextAsync("境外人员");
        await MapActions.ScreenshotBothAsync(vp, "h17-heatmap");
        vp.AssertNoErrors();
    }

    private static async Task<JsonElement> LatestNightlyRunAsync(HttpClient api)
    {
        using var runs = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs?limit=50"));
        return runs.RootElement.GetProperty("runs").EnumerateArray()
            .First(r => r.GetProperty("state").GetString() == "complete" && !r.GetProperty("noOp").GetBoolean() && !r.GetProperty("whatIf").GetBoolean()).Clone();
    }

    private static async Task<List<JsonElement>> CategoriesAsync(HttpClient api)
    {
        using var doc = JsonDocument.Parse(await api.GetStringAsync("/api/categories"));
        return doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    /// <summary>"rgb(215, 48, 31)" or "rgba(215, 48, 31, 0.7)" as (r, g, b).</summary>
    private static (int R, int G, int B) Rgb(string css)
    {
        var m = RgbPattern().Match(css);
        Assert.True(m.Success, $"not a CSS colour: {css}");
        return (int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
    }

    /// <summary>Relative luminance (WCAG 2.1), 0..1.</summary>
    private static double Luminance((int R, int G, int B) c)
    {
        static double Lin(int v) { var s = v / 255.0; return s <= 0.04045 ? s / 12.92 : Math.Pow((s + 0.055) / 1.055, 2.4); }
        return 0.2126 * Lin(c.R) + 0.7152 * Lin(c.G) + 0.0722 * Lin(c.B);
    }

    [GeneratedRegex(@"rgba?\((\d+),\s*(\d+),\s*(\d+)")]
    private static partial Regex RgbPattern();

    [GeneratedRegex(@"^([\d,]+\.\d 公顷|[\d,]+\.\d\d km²)$")]
    private static partial Regex AreaText();
}
