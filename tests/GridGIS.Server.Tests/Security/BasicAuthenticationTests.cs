using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// HTTP Basic on /ogc and /tiles (QGIS's way to sign in): an account's password or an API key; nowhere
/// else; refused over plain HTTP from other hosts; password checks limited like sign-in; revocation applies.
/// The in-process test server has no client address, so these tests run with Security:Basic:AllowInsecure
/// except the one that checks the refusal; the loopback rule is exercised by the QGIS interop test.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class BasicAuthenticationTests(PostgisFixture fx)
{
    private WebApplicationFactory<Program> Host(bool allowInsecure, int perUser = 1_000_000) => fx.Factory.WithWebHostBuilder(b => b
        .UseSetting("Security:Basic:AllowInsecure", allowInsecure ? "true" : "false")
        .UseSetting("Security:SignIn:PerUser", perUser.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static HttpClient Basic(WebApplicationFactory<Program> host, string user, string secret)
    {
        var client = host.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{secret}")));
        return client;
    }

    private async Task<(string User, string Password)> AccountAsync(string role)
    {
        var user = $"b-{role}-{Guid.NewGuid():N}"[..24];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(fx.Db, user, role, password);
        return (user, password);
    }

    [Fact]
    public async Task Basic_WithAnAccountsPassword_ReadsOgcAndTiles_ButNotTheRestOfTheApi()
    {
        await using var host = Host(allowInsecure: true);
        var (user, password) = await AccountAsync(Roles.Planner);
        var client = Basic(host, user, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ogc/collections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/tiles/streets/0/0/0.mvt")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/streets")).StatusCode);
    }

    [Fact]
    public async Task Basic_WithAnApiKeyAsPassword_SignsInAsTheKeysAccount()
    {
        await using var host = Host(allowInsecure: true);
        var (user, _) = await AccountAsync(Roles.Official);
        var key = (await ApiKeys.CreateAsync(fx.Db, "test", user, "qgis"))!.Key;
        Assert.Equal(HttpStatusCode.OK, (await Basic(host, "apikey", key).GetAsync("/ogc/collections")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Basic(host, user, key).GetAsync("/ogc/collections")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Basic(host, "someone-else", key).GetAsync("/ogc/collections")).StatusCode);
    }

    [Fact]
    public async Task WrongPassword_Is401WithABasicChallenge_AndRepeatedGuessesAre429()
    {
        await using var host = Host(allowInsecure: true, perUser: 3);
        var (user, _) = await AccountAsync(Roles.Planner);
        var anonymous = host.CreateClient();
        var challenge = await anonymous.GetAsync("/ogc/collections");
        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Contains(challenge.Headers.WwwAuthenticate, h => h.Scheme == "Basic");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++) statuses.Add((await Basic(host, user, $"wrong-{i}").GetAsync("/ogc/collections")).StatusCode);
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await Basic(host, user, "wrong-again").GetAsync("/ogc/collections");
        Assert.NotNull(limited.Headers.RetryAfter);
    }

    [Fact]
    public async Task Basic_IsRefusedOverPlainHttp_FromAnotherHost_UnlessConfigured()
    {
        await using var host = Host(allowInsecure: false);
        var (user, password) = await AccountAsync(Roles.Planner);
        var response = await Basic(host, user, password).GetAsync("/ogc/collections");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("HTTPS", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RememberedBasicCredentials_StopWorking_WhenTheAccountsTokensAreRevoked()
    {
        await using var host = Host(allowInsecure: true);
        var (user, password) = await AccountAsync(Roles.Planner);
        var client = Basic(host, user, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/ogc/collections")).StatusCode);
        await Task.Delay(5);   // tokens_valid_after is to the millisecond
        await TokenRevocation.RevokeAsync(fx.Db, TimeProvider.System, "test", user, "test");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/ogc/collections")).StatusCode);
    }
}
