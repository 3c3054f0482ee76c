using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// The Hangfire dashboard's browser cookie (issue 13, item 12): issued only to an administrator's bearer
/// token, scoped to /hangfire, short-lived, HttpOnly and SameSite=Strict; on every request the account's
/// current role and its revocation are checked again.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class DashboardSessionTests(PostgisFixture fx)
{
    private const string Issue = "/api/admin/dashboard-session";

    private async Task<(string User, string Cookie, HttpResponseMessage Answer)> AdminCookieAsync()
    {
        var (user, password) = await fx.NewAccountAsync(Roles.Administrator);
        var client = fx.Factory.CreateClient();
        var token = await (await client.SignInAsync(user, password)).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var answer = await client.PostAsync(Issue, null);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var setCookie = Assert.Single(answer.Headers.GetValues("Set-Cookie"));
        return (user, setCookie.Split(';')[0], answer);
    }

    private static async Task<HttpResponseMessage> DashboardAsync(HttpClient client, string cookie, string path = "/hangfire")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task Cookie_OpensDashboard_ForAdministrator()
    {
        var (user, cookie, answer) = await AdminCookieAsync();
        var attributes = answer.Headers.GetValues("Set-Cookie").Single().Split(';', StringSplitOptions.TrimEntries).Skip(1)
            .Select(a => a.ToLowerInvariant()).ToList();
        Assert.Contains("path=/hangfire", attributes);
        Assert.Contains("httponly", attributes);
        Assert.Contains("samesite=strict", attributes);
        Assert.Contains("max-age=600", attributes);
        Assert.DoesNotContain("secure", attributes);      // the test host is reached as localhost over HTTP
        Assert.Equal("/hangfire", (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString());

        var anonymous = fx.Factory.CreateClient();
        var page = await DashboardAsync(anonymous, cookie);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("GridGIS jobs", await page.Content.ReadAsStringAsync());
        // Its own script files and polling answer to the cookie too; its policy has no inline script.
        Assert.Equal(HttpStatusCode.OK, (await DashboardAsync(anonymous, cookie, "/hangfire/recurring")).StatusCode);
        var csp = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self';", csp);
        // The cookie opens nothing but the dashboard.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardAsync(anonymous, cookie, "/api/auth/me")).StatusCode);
        await using var cmd = fx.Db.CreateCommand("select count(*) from audit_log where action = 'dashboard.session' and entity_id = $1");
        cmd.Parameters.Add(new() { Value = user });
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Cookie_IsSecure_WhenTheServerIsReachedByAnotherName()
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        using var request = new HttpRequestMessage(HttpMethod.Post, Issue);
        request.Headers.Host = "gridgis.example";
        var answer = await admin.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("secure", answer.Headers.GetValues("Set-Cookie").Single().Split(';', StringSplitOptions.TrimEntries)
            .Select(a => a.ToLowerInvariant()));
    }

    [Theory]
    [InlineData(Roles.Planner)]
    [InlineData(Roles.Official)]
    [InlineData(Roles.GridWorker)]
    public async Task Dashboard_IsClosed_ToOtherRoles_EvenWithACopiedCookie(string role)
    {
        var other = await fx.ClientAsAsync(role);
        await (await other.PostAsync(Issue, null)).AssertProblemAsync(403);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/hangfire")).StatusCode);
        // An administrator's cookie copied into a signed-in session of another role: its own token decides.
        var (_, cookie, _) = await AdminCookieAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await DashboardAsync(other, cookie)).StatusCode);
    }

    [Fact]
    public async Task Cookie_IsRefused_WhenItsAccountIsNoLongerAnAdministrator()
    {
        // A role changed by hand in SQL (no revocation): the cookie's account now is a planner.
        var (user, cookie, _) = await AdminCookieAsync();
        await using (var cmd = fx.Db.CreateCommand("update app_user set role = 'planner' where user_name = $1"))
        {
            cmd.Parameters.Add(new() { Value = user });
            await cmd.ExecuteNonQueryAsync();
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await DashboardAsync(fx.Factory.CreateClient(), cookie)).StatusCode);

        // A role changed through the accounts (which revokes): refused as revoked.
        var (again, cookie2, _) = await AdminCookieAsync();
        await Accounts.UpsertAsync(fx.Db, again, Roles.Official, PasswordHash.NewSecret());
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardAsync(fx.Factory.CreateClient(), cookie2)).StatusCode);
    }

    [Fact]
    public async Task Cookie_IsRefused_WhenRevokedForgedOrExpired()
    {
        var anonymous = fx.Factory.CreateClient();
        var (user, cookie, _) = await AdminCookieAsync();
        Assert.Equal(HttpStatusCode.OK, (await DashboardAsync(anonymous, cookie)).StatusCode);
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/accounts/{user}/revoke-tokens", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardAsync(anonymous, cookie)).StatusCode);

        // Forged: not sealed with the install's keys, or a real one altered.
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardAsync(anonymous, $"{DashboardSession.CookieName}=admin")).StatusCode);
        var (_, fresh, _) = await AdminCookieAsync();
        var altered = fresh[..^3] + (fresh[^3] == 'A' ? 'B' : 'A') + fresh[^2..];
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardAsync(anonymous, altered)).StatusCode);

        // Expired: the same cookie on a server whose clock is 9, then 11 minutes later (10 minutes' life).
        var clock = new ShiftedClock();
        var later = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            // Without the coverage start-up and the Hangfire server, whose process-wide state the other hosts share.
            foreach (var d in s.Where(d => d.ServiceType == typeof(IHostedService)
                         && (d.ImplementationType?.Name == "CoverageStartup" || d.ImplementationFactory is not null)).ToList()) s.Remove(d);
        })).CreateClient();
        clock.Shift = TimeSpan.FromMinutes(9);
        Assert.Equal(HttpStatusCode.OK, (await DashboardAsync(later, fresh)).StatusCode);
        clock.Shift = TimeSpan.FromMinutes(11);
        Assert.Equal(HttpStatusCode.Unauthorized, (await DashboardAsync(later, fresh)).StatusCode);
    }

    [Fact]
    public async Task IssuingEndpoint_RequiresTheBearerToken_NotTheCookie()
    {
        var (_, cookie, _) = await AdminCookieAsync();
        // A cross-site form can send cookies, never the token: the cookie alone issues nothing.
        using var request = new HttpRequestMessage(HttpMethod.Post, Issue);
        request.Headers.Add("Cookie", cookie);
        await (await fx.Factory.CreateClient().SendAsync(request)).AssertProblemAsync(401);
        await (await fx.Factory.CreateClient().PostAsync(Issue, null)).AssertProblemAsync(401);
    }

    private sealed class ShiftedClock : TimeProvider
    {
        public TimeSpan Shift { get; set; }
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Shift;
    }
}
