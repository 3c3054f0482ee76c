using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Keyboard and screen readers (WCAG 2.1 AA where a map allows it): the map takes focus, arrow keys pan
/// and + / - zoom, the active tab is exposed, an opened popup is announced; axe-core (viewer/web's
/// node_modules/axe-core, injected into the page) finds nothing serious or critical on any role's screen.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityTests(BrowserFixture fx, ITestOutputHelper output)
{
    [Fact]
    public async Task Map_PansZoomsAndAnnounces_WhenUsedByKeyboard()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        var tab = vp.Page.Locator("button[data-tab=layers]");
        await Assertions.Expect(tab).ToHaveAttributeAsync("role", "tab");
        await Assertions.Expect(tab).ToHaveAttributeAsync("aria-selected", "true");
        await Assertions.Expect(vp.Page.Locator("button[data-tab=planner]")).ToHaveAttributeAsync("aria-selected", "false");

        await vp.Page.Locator("#map").FocusAsync();
        Assert.True(await vp.Page.EvaluateAsync<bool>("() => document.activeElement?.id === 'map'"), "the map cannot take focus");
        const string view = "() => { const v = window.gridgis.map.getView(); return [v.getCenter()[0], v.getCenter()[1], v.getZoom()]; }";
        var before = await vp.Page.EvaluateAsync<double[]>(view);
        await vp.Page.Keyboard.PressAsync("ArrowRight");
        await vp.Page.WaitForFunctionAsync("x => window.gridgis.map.getView().getCenter()[0] > x + 1", before[0]);
        await vp.Page.Keyboard.PressAsync("+");
        await vp.Page.WaitForFunctionAsync("z => Math.abs(window.gridgis.map.getView().getZoom() - (z + 1)) < 1e-6", before[2], new() { Timeout = 5_000 });
        await vp.Page.Keyboard.PressAsync("-");
        await vp.Page.WaitForFunctionAsync("z => Math.abs(window.gridgis.map.getView().getZoom() - z) < 1e-6", before[2], new() { Timeout = 5_000 });

        // A popup is announced through the live region.
        await vp.WaitForMapAsync();
        await StateTests.ClickStreetAsync(vp);
        await Assertions.Expect(vp.Page.GetByTestId("announce")).ToContainTextAsync("已打开：");
        Assert.Equal("polite", await vp.Page.GetByTestId("announce").GetAttributeAsync("aria-live"));
        await MapActions.ScreenshotBothAsync(vp, "h17-keyboard-focus");
        vp.AssertNoErrors();
    }

    [Theory]
    [InlineData("planner", "layers")]
    [InlineData("planner", "planner")]
    [InlineData("official", "compare")]
    [InlineData("worker", "worker")]
    [InlineData("admin", "layers")]
    public async Task Axe_FindsNothingSerious_OnEachRolesScreen(string user, string tab)
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        Assert.Empty(await SeriousFindingsAsync(vp, "sign-in"));
        await vp.SignInAsync(user);
        await vp.Page.ClickAsync($"button[data-tab={tab}]");
        await vp.Page.WaitForFunctionAsync("() => !document.getElementById('panel').textContent.includes('加载中')", null, new() { Timeout = 60_000 });
        if (tab == "compare")
        {
            await vp.Page.GetByTestId("compare-pilot").ClickAsync();
            await vp.Page.GetByTestId("compare-run").ClickAsync();
            await Assertions.Expect(vp.Page.GetByTestId("compare-table")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }
        await vp.WaitForMapAsync(timeoutMs: 60_000);
        var findings = await SeriousFindingsAsync(vp, $"{user}/{tab}");
        Assert.True(findings.Count == 0, $"axe on {user}'s {tab} screen:\n" + string.Join("\n", findings));
        await vp.ScreenshotAsync($"h17-axe-{user}-{tab}");
        vp.AssertNoErrors();
    }

    /// <summary>axe-core's serious and critical violations on the page as it is, one line each (rule, impact, first targets).</summary>
    private async Task<List<string>> SeriousFindingsAsync(ViewerPage vp, string screen)
    {
        var axe = Path.Combine(fx.Server.Root, "viewer", "web", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(axe), $"axe-core is not installed ({axe}): scripts/test installs the viewer's packages");
        if (!await vp.Page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
            await vp.Page.EvaluateAsync(await File.ReadAllTextAsync(axe));
        var result = await vp.Page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await window.axe.run(document, { resultTypes: ['violations'], runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
              return r.violations.map(v => ({ id: v.id, impact: v.impact, nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
            }
            """);
        var all = result.EnumerateArray().Select(v => (Id: v.GetProperty("id").GetString(), Impact: v.GetProperty("impact").GetString(),
            Line: $"{v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}, {v.GetProperty("nodes").GetInt32()} nodes): {string.Join(" | ", v.GetProperty("targets").EnumerateArray().Select(t => t.GetString()))}")).ToList();
        foreach (var v in all) output.WriteLine($"{screen}: {v.Line}");
        return all.Where(v => v.Impact is "serious" or "critical").Select(v => v.Line).ToList();
    }
}
