using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>Bearer tokens taken back before they expire: sign-out, an administrator's revoke, a role change.</summary>
[Collection(PostgisCollection.Name)]
public sealed class TokenRevocationTests(PostgisFixture fx)
{
    private async Task<HttpClient> SignedInAsync(string userName, string password)
    {
        var client = fx.Factory.CreateClient();
        var response = await client.SignInAsync(userName, password);
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    [Theory]
    [InlineData(Roles.Administrator)]
    [InlineData(Roles.Planner)]
    [InlineData(Roles.Official)]
    [InlineData(Roles.GridWorker)]
    public async Task SignOut_RefusesEveryTokenOfTheAccount_AndANewSignInWorks(string role)
    {
        var (user, password) = await fx.NewAccountAsync(role);
        var here = await SignedInAsync(user, password);
        var elsewhere = await SignedInAsync(user, password);          // the same account on another device
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetAsync("/api/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await here.PostAsync("/api/auth/signout", null)).StatusCode);

        await (await here.GetAsync("/api/auth/me")).AssertProblemAsync(401, "revoked");
        var refused = await elsewhere.GetAsync("/api/categories");
        await refused.AssertProblemAsync(401, "sign in again");
        Assert.Contains("invalid_token", refused.Headers.WwwAuthenticate.ToString());
        var again = await SignedInAsync(user, password);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/auth/me")).StatusCode);
        await using var cmd = fx.Db.CreateCommand("select count(*) from audit_log where action = 'signout' and entity_id = $1");
        cmd.Parameters.Add(new() { Value = user });
        Assert.Equal(1L, await cmd.ExecuteScalarAsync());
    }

    [Fact]
    public async Task AdminRevoke_RefusesAnotherAccountsTokens_AtOnce()
    {
        var (worker, password) = await fx.NewAccountAsync(Roles.GridWorker);
        var workerClient = await SignedInAsync(worker, password);
        Assert.Equal(HttpStatusCode.OK, (await workerClient.GetAsync("/api/auth/me")).StatusCode);
        var admin = await fx.ClientAsAsync(Roles.Administrator);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/accounts/{worker}/revoke-tokens", null)).StatusCode);

        await (await workerClient.GetAsync("/api/auth/me")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/auth/me")).StatusCode);   // the admin's own token still works
        await (await admin.PostAsync("/api/admin/accounts/nosuchuser/revoke-tokens", null)).AssertProblemAsync(404, "nosuchuser");
    }

    [Fact]
    public async Task RoleChange_RefusesTokensIssuedForTheOldRole()
    {
        var (user, password) = await fx.NewAccountAsync(Roles.Planner);
        var client = await SignedInAsync(user, password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);

        await Accounts.UpsertAsync(fx.Db, user, Roles.GridWorker, password);   // demoted / moved to grid work

        await (await client.GetAsync("/api/auth/me")).AssertProblemAsync(401);
        var fresh = await SignedInAsync(user, password);
        using var me = JsonDocument.Parse(await fresh.GetStringAsync("/api/auth/me"));
        Assert.Equal(Roles.GridWorker, me.RootElement.GetProperty("role").GetString());
    }
}
