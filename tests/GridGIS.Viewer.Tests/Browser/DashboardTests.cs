using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// The Hangfire dashboard from the viewer (issue 13, item 12): an administrator opens it with the
/// header's button (a short-lived cookie for /hangfire); other roles have no button and no way in; the
/// cookie is not sent when another site links or posts to the dashboard (SameSite=Strict).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DashboardTests(BrowserFixture fx)
{
    [Fact]
    public async Task Administrator_OpensDashboardFromViewer_AndAnotherSiteCannotUseTheCookie()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync("admin");
        var tab = await vp.Page.Context.RunAndWaitForPageAsync(() => vp.Page.GetByTestId("open-dashboard").ClickAsync());
        var policyErrors = new List<string>();
        tab.Console += (_, m) => { if (m.Type == "error") lock (policyErrors) policyErrors.Add(m.Text); };
        await tab.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.EndsWith("/hangfire", tab.Url, StringComparison.Ordinal);
        await Assertions.Expect(tab).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("GridGIS jobs"));
        await Assertions.Expect(tab.Locator("#stats, .js-stats, .navbar").First).ToBeVisibleAsync();
        // The dashboard's own pages work under their policy: its scripts run (the live counters are drawn).
        await tab.GotoAsync(fx.Server.BaseUrl + "/hangfire/recurring");
        await Assertions.Expect(tab.GetByText("nightly-coverage")).ToBeVisibleAsync();
        await tab.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fx.Screenshots, "dashboard-admin.png") });
        lock (policyErrors) Assert.True(policyErrors.Count == 0, "dashboard console errors:\n" + string.Join("\n", policyErrors));

        // The cookie is HttpOnly (no script reads it) and scoped to /hangfire.
        var cookie = Assert.Single(await tab.Context.CookiesAsync([fx.Server.BaseUrl + "/hangfire"]), c => c.Name == "gridgis_dashboard");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.Equal("/hangfire", cookie.Path);
        Assert.Empty(await tab.Context.CookiesAsync([fx.Server.BaseUrl + "/api/auth/me"]));

        // Another site links to the dashboard, in the same browser: the browser leaves the cookie out.
        var attacker = await tab.Context.NewPageAsync();
        await attacker.RouteAsync("http://attacker.test/**", r => r.FulfillAsync(new RouteFulfillOptions
        {
            ContentType = "text/html",
            Body = $"<a id=go href=\"{fx.Server.BaseUrl}/hangfire/recurring\">jobs</a>"
                   + $"<form id=post method=post action=\"{fx.Server.BaseUrl}/hangfire/recurring/trigger\"><input name=jobs[] value=nightly-coverage></form>",
        }));
        await attacker.GotoAsync("http://attacker.test/");
        var linked = await attacker.RunAndWaitForResponseAsync(() => attacker.ClickAsync("#go"), fx.Server.BaseUrl + "/hangfire/recurring");
        Assert.Equal(401, linked.Status);
        await attacker.WaitForURLAsync(fx.Server.BaseUrl + "/hangfire/recurring");
        await attacker.GotoAsync("http://attacker.test/");
        var posted = await attacker.RunAndWaitForResponseAsync(() => attacker.EvalOnSelectorAsync("#post", "f => f.submit()"),
            fx.Server.BaseUrl + "/hangfire/recurring/trigger");
        Assert.Equal(401, posted.Status);
        // Typed into the address bar (same site): the cookie goes, the page opens.
        var typed = await tab.Context.NewPageAsync();
        Assert.Equal(200, (await typed.GotoAsync(fx.Server.BaseUrl + "/hangfire"))!.Status);
        vp.AssertNoErrors();
    }

    [Theory]
    [InlineData("planner")]
    [InlineData("official")]
    [InlineData("worker")]
    public async Task OtherRoles_HaveNoDashboardButtonAndNoWayIn(string user)
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.SignInAsync(user);
        await Assertions.Expect(vp.Page.GetByTestId("open-dashboard")).ToHaveCountAsync(0);
        // The viewer's own token asks for the cookie: refused, no cookie set; the dashboard answers 401 without it.
        var status = await vp.Page.EvaluateAsync<int>("""
            async () => (await fetch('/api/admin/dashboard-session', { method: 'POST',
              headers: { authorization: 'Bearer ' + sessionStorage.getItem('gridgis.token') } })).status
            """);
        Assert.Equal(403, status);
        Assert.Empty(await vp.Page.Context.CookiesAsync([fx.Server.BaseUrl + "/hangfire"]));
        Assert.Equal(401, (await vp.Page.GotoAsync(fx.Server.BaseUrl + "/hangfire"))!.Status);
    }
}
