using System.Text.Json;
using Microsoft.Playwright;

namespace GridGIS.Viewer.Tests.Browser;

/// <summary>
/// Language (issue 17): role names and server errors in the chosen language. The server gives each problem a
/// machine-readable code and args; the viewer says them in Chinese or English.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LanguageTests(BrowserFixture fx)
{
    [Fact]
    public async Task Problem_HasCodeAndArgs_WhenParameterInvalid()
    {
        using var api = await fx.Server.ClientAsAsync("planner");
        var r = await api.GetAsync("/api/streets?limit=0");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, r.StatusCode);
        using var problem = JsonDocument.Parse(await r.Content.ReadAsStringAsync());
        Assert.Equal("invalid_parameter", problem.RootElement.GetProperty("code").GetString());
        Assert.Equal("limit", problem.RootElement.GetProperty("args").GetProperty("name").GetString());
        Assert.Equal("limit", problem.RootElement.GetProperty("parameter").GetString());   // the existing fields stay
        Assert.False(string.IsNullOrEmpty(problem.RootElement.GetProperty("detail").GetString()));
        using var anonymous = new HttpClient { BaseAddress = new Uri(fx.Server.BaseUrl) };
        using var refused = JsonDocument.Parse(await (await anonymous.GetAsync("/api/streets")).Content.ReadAsStringAsync());
        Assert.Equal("unauthorized", refused.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public async Task SignInErrorAndRole_AreInChosenLanguage_WhenPasswordWrong()
    {
        await using var vp = await ViewerPage.OpenAsync(fx);
        await vp.Page.FillAsync("input[name=userName]", "nobody-h17-test");
        await vp.Page.FillAsync("input[name=password]", "not-the-password-" + Guid.NewGuid().ToString("N"));
        await vp.Page.ClickAsync("button[type=submit]");
        var error = vp.Page.Locator("#signin .error");
        await Assertions.Expect(error).ToContainTextAsync("用户名或密码不正确");
        Assert.DoesNotMatch("[A-Za-z]{4,}", await error.InnerTextAsync());     // no English words in the Chinese interface
        await MapActions.ScreenshotSignInAsync(vp, "h17-signin-error-zh");

        await vp.Page.ClickAsync("#signin #lang");
        await vp.Page.FillAsync("input[name=userName]", "nobody-h17-test");
        await vp.Page.FillAsync("input[name=password]", "not-the-password-" + Guid.NewGuid().ToString("N"));
        await vp.Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(vp.Page.Locator("#signin .error")).ToContainTextAsync("wrong user name or password");
        await vp.Page.ClickAsync("#signin #lang");      // back to Chinese

        await vp.SignInAsync("planner");
        Assert.Contains("规划人员", await vp.Page.InnerTextAsync("header .who"));
        Assert.DoesNotContain("(planner)", await vp.Page.InnerTextAsync("header .who"));
        lock (vp.Errors) vp.Errors.RemoveAll(e => e.Contains("status of 401", StringComparison.Ordinal));   // the refused sign-ins
        vp.AssertNoErrors();
    }
}
