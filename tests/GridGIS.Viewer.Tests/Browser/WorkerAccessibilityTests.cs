using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Issue 18: axe-core (the npm package's axe.min.js, injected into the page) finds no serious or critical issue on
/// the worker's screens; every control of the worker's view measures at least 44 px each way; an administrator's
/// list pages through every household, its total counted against the database.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkerAccessibilityTests(BrowserFixture fx)
{
    private string AxeSource()
    {
        var file = Path.Combine(fx.Server.Root, "viewer", "web", "node_modules", "axe-core", "axe.min.js");
        Assert.True(File.Exists(file), $"axe-core is not installed ({file}): scripts/test installs the viewer's npm packages");
        return File.ReadAllText(file);
    }

    /// <summary>Serious and critical violations axe finds in the page as it is now.</summary>
    private async Task<List<string>> AxeAsync(IPage page)
    {
        // Evaluated through the DevTools protocol, which the page's CSP (no inline script) does not govern.
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'")) await page.EvaluateAsync(AxeSource());
        var result = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const r = await axe.run(document, { resultTypes: ['violations'] });
              return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
            }
            """);
        return result.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    /// <summary>Visible controls under <paramref name="scope"/> smaller than 44x44 CSS pixels.</summary>
    private static async Task<List<string>> SmallTargetsAsync(IPage page, string scope)
    {
        var result = await page.EvaluateAsync<JsonElement>("""
            (scope) => [...document.querySelectorAll(scope)].flatMap(root => [...root.querySelectorAll('button, select, input, textarea, a[href], [role=button]')])
              .filter(el => el.offsetParent !== null)
              .map(el => ({ el, r: el.getBoundingClientRect() }))
              .filter(x => x.r.width < 43.5 || x.r.height < 43.5)
              .map(x => `${x.el.tagName.toLowerCase()}#${x.el.id}.${x.el.className} "${(x.el.textContent || x.el.getAttribute('aria-label') || '').trim().slice(0, 20)}" ${x.r.width.toFixed(0)}x${x.r.height.toFixed(0)}`)
            """, scope);
        return result.EnumerateArray().Select(v => v.GetString()!).ToList();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task WorkerScreens_HaveNoSeriousAxeIssue_AndTapTargetsOfAtLeast44Px(bool phone)
    {
        await using var view = await WorkerView.SignInAsync(fx, phone);
        await view.Page.WaitForSelectorAsync("[data-testid=worker-topology]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        await view.Page.WaitForSelectorAsync("[data-testid=worker-load]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        var findings = new List<string>();
        findings.AddRange((await AxeAsync(view.Page)).Select(f => "list: " + f));
        findings.AddRange((await SmallTargetsAsync(view.Page, phone ? "#w-body, header, .ol-zoom" : "#w-body")).Select(f => "list, small target: " + f));

        await view.TapAsync("#w-list .hh-row");
        await view.Page.WaitForSelectorAsync("#w-card:not([hidden]) [data-testid=move-history] :is(p, ol)");
        findings.AddRange((await AxeAsync(view.Page)).Select(f => "card: " + f));
        findings.AddRange((await SmallTargetsAsync(view.Page, phone ? "#w-body, header" : "#w-body")).Select(f => "card, small target: " + f));
        await view.ScreenshotAsync("a11y-card");

        // The header fits the phone: nothing sticks out to the right, the sign-out button is on screen.
        var overflow = await view.Page.EvaluateAsync<JsonElement>("""
            () => ({ scroll: document.documentElement.scrollWidth, width: innerWidth,
                     signout: document.getElementById('signout').getBoundingClientRect().right,
                     map: document.getElementById('map').getBoundingClientRect().height })
            """);
        Assert.True(overflow.GetProperty("scroll").GetDouble() <= overflow.GetProperty("width").GetDouble(), $"the page is wider than the screen: {overflow}");
        Assert.True(overflow.GetProperty("signout").GetDouble() <= overflow.GetProperty("width").GetDouble(), $"sign-out is off the screen: {overflow}");
        Assert.True(overflow.GetProperty("map").GetDouble() >= 200, $"the map is a strip: {overflow}");
        Assert.True(findings.Count == 0, string.Join("\n", findings));
        view.AssertNoErrors();
    }

    [Fact]
    public async Task AdministratorList_PagesThroughEveryHousehold_TotalCountedAgainstTheDatabase()
    {
        await using var view = await WorkerView.SignInAsync(fx, phone: false, user: "admin");
        var expected = await WorkerView.ScalarAsync<long>("select count(*) from household");
        var status = await view.Page.InnerTextAsync("#w-list-status");
        Assert.Contains(expected.ToString("N0", CultureInfo.GetCultureInfo("zh-CN")), status, StringComparison.Ordinal);

        // Page forward, then back: every page new households, in order, none twice; back returns the first page.
        var seen = new HashSet<long>();
        var first = await RowIdsAsync(view.Page);
        for (var i = 0; i < 4; i++)
        {
            var ids = await RowIdsAsync(view.Page);
            Assert.Equal(50, ids.Count);
            Assert.All(ids, id => Assert.True(seen.Add(id), $"household {id} shown twice"));
            var before = await view.Page.InnerTextAsync("#w-list-status");
            await view.Page.ClickAsync("#w-next");
            await view.Page.WaitForFunctionAsync("(s) => document.getElementById('w-list-status').textContent !== s && !document.getElementById('w-list-status').textContent.includes('加载')", before);
        }
        Assert.Contains("201", await view.Page.InnerTextAsync("#w-list-status"));
        for (var i = 0; i < 4; i++)
        {
            var before = await view.Page.InnerTextAsync("#w-list-status");
            await view.Page.ClickAsync("#w-prev");
            await view.Page.WaitForFunctionAsync("(s) => document.getElementById('w-list-status').textContent !== s && !document.getElementById('w-list-status').textContent.includes('加载')", before);
        }
        Assert.Equal(first, await RowIdsAsync(view.Page));
        Assert.True(await view.Page.IsDisabledAsync("#w-prev"));
        await view.ScreenshotAsync("admin-list");
        view.AssertNoErrors();
    }

    private static async Task<List<long>> RowIdsAsync(IPage page) =>
        (await page.Locator("#w-list .hh-row").EvaluateAllAsync<long[]>("els => els.map(e => Number(e.dataset.id))")).ToList();
}
