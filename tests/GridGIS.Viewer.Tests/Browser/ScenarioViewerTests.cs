using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Scenarios in the viewer, in real headless Chromium against the real server on the demo database: a planner creates
/// a scenario, adds a facility by clicking the map, and sees the figures beside the base run and the facility drawn.
/// Closing, suggested sites and the comparison: ScenarioEditViewerTests.
/// Screenshots go to artifacts/screenshots (scenario-*.png).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ScenarioViewerTests(BrowserFixture fx)
{
    /// <summary>Waits (at most 3 minutes) for a complete coverage run: the scenarios start from the latest.</summary>
    internal static async Task WaitForRunAsync(BrowserFixture fx)
    {
        using var api = await fx.Server.ClientAsAsync("planner");
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            using var runs = JsonDocument.Parse(await api.GetStringAsync("/api/coverage/runs?limit=50"));
            if (runs.RootElement.GetProperty("runs").EnumerateArray().Any(r => r.GetProperty("state").GetString() == "complete" && !r.GetProperty("whatIf").GetBoolean()))
                return;
            await Task.Delay(1000);
        }
        throw new TimeoutException("no complete coverage run after 3 minutes");
    }

    private static Task<int> ScenarioFeaturesAsync(ViewerPage vp, string state) => vp.Page.EvaluateAsync<int>(
        "s => window.gridgis.map.getAllLayers().find(l => l.get('id') === 'scenario').getSource().getFeatures().filter(f => f.get('state') === s).length", state);

    [Fact]
    public async Task Planner_AddsAFacilityByClicking_AndSeesTheFiguresBesideTheRun()
    {
        await WaitForRunAsync(fx);
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("planner");
        await vp.Page.Locator("#tab-scenarios").ClickAsync();
        await vp.Page.GetByTestId("scenario-name").FillAsync("新诊所 / a new clinic");
        await vp.Page.GetByTestId("scenario-create").ClickAsync();
        await Assertions.Expect(vp.Page.GetByTestId("scenario-figures")).Not.ToBeEmptyAsync();

        // Click the middle of the map: a facility is added there and the answer comes back at once.
        await vp.WaitForMapAsync();
        var box = (await vp.Page.Locator("#map").BoundingBoxAsync())!;
        await vp.Page.Mouse.ClickAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        try
        {
            await vp.Page.WaitForFunctionAsync("() => window.gridgis.map.getAllLayers().find(l => l.get('id') === 'scenario').getSource().getFeatures().some(f => f.get('state') === 'added')",
                null, new PageWaitForFunctionOptions { Timeout = 60_000 });
        }
        catch (TimeoutException) { Assert.Fail("no facility added after the click; status: " + await vp.Page.GetByTestId("scenario-status").InnerTextAsync()); }
        Assert.Equal(1, await ScenarioFeaturesAsync(vp, "added"));
        await Assertions.Expect(vp.Page.GetByTestId("scenario-newly")).ToBeVisibleAsync();
        var rows = await vp.Page.Locator("[data-testid=scenario-figures] tbody tr").CountAsync();
        Assert.True(rows >= 2, $"{rows} rows: the district and its streets beside the base run");
        await Assertions.Expect(vp.Page.GetByTestId("scenario-status")).ToContainTextAsync("ms");
        await vp.WaitForMapAsync();
        await vp.ScreenshotAsync("scenario-01-added");

        vp.AssertNoErrors();
    }
}
