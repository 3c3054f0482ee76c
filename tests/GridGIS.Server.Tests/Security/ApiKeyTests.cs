using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

[Collection(PostgisCollection.Name)]
public sealed class ApiKeyTests(PostgisFixture fx)
{
    private HttpClient KeyClient(string key)
    {
        var client = fx.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task ApiKey_ActsAsItsAccount_UntilRevoked()
    {
        var (planner, _) = await fx.NewAccountAsync(Roles.Planner);
        var admin = await fx.ClientAsAsync(Roles.Administrator);

        var created = await admin.PostAsJsonAsync("/api/admin/keys", new { userName = planner, label = "nightly export" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var key = doc.RootElement.GetProperty("key").GetString()!;
        var prefix = doc.RootElement.GetProperty("prefix").GetString()!;
        Assert.StartsWith(prefix + "_", key);

        // Stored hashed: neither the key nor its secret part is in the table.
        await using (var cmd = fx.Db.CreateCommand("select key_hash from api_key where prefix = $1"))
        {
            cmd.Parameters.Add(new() { Value = prefix });
            var hash = (string)(await cmd.ExecuteScalarAsync())!;
            Assert.DoesNotContain(key[(prefix.Length + 1)..], hash);
            Assert.StartsWith("sha256$", hash);
        }

        using var me = JsonDocument.Parse(await KeyClient(key).GetStringAsync("/api/auth/me"));
        Assert.Equal(planner, me.RootElement.GetProperty("userName").GetString());
        Assert.Equal(Roles.Planner, me.RootElement.GetProperty("role").GetString());
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(key).GetAsync("/api/streets?limit=1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await KeyClient(key).GetAsync("/api/admin/keys")).StatusCode);

        // Listed without the key itself.
        var list = await admin.GetStringAsync($"/api/admin/keys?userName={planner}");
        Assert.Contains(prefix, list);
        Assert.DoesNotContain(key, list);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/keys/{prefix}")).StatusCode);
        await (await KeyClient(key).GetAsync("/api/auth/me")).AssertProblemAsync(401);
        await (await admin.DeleteAsync($"/api/admin/keys/{prefix}")).AssertProblemAsync(404, "no live API key");
    }

    [Theory]
    [InlineData("ggk_")]
    [InlineData("not-a-key")]
    [InlineData("ggk_AAAAAAAA_wrongsecretwrongsecretwrong")]
    [InlineData("' or 1=1 --")]
    public async Task ApiKey_Returns401_WhenKeyIsUnknownOrMalformed(string key) =>
        await (await KeyClient(key).GetAsync("/api/auth/me")).AssertProblemAsync(401);

    [Fact]
    public async Task ApiKey_Returns401_WhenSecretPartIsWrongForAnExistingPrefix()
    {
        var (worker, _) = await fx.NewAccountAsync(Roles.GridWorker);
        var created = await ApiKeys.CreateAsync(fx.Db, "test", worker, "");
        var tampered = created!.Key[..^4] + (created.Key.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        await (await KeyClient(tampered).GetAsync("/api/auth/me")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(created.Key).GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task CreateKey_Returns403_ForNonAdministrators()
    {
        var (official, _) = await fx.NewAccountAsync(Roles.Official);
        foreach (var role in new[] { Roles.Planner, Roles.Official, Roles.GridWorker })
        {
            var client = await fx.ClientAsAsync(role);
            await (await client.PostAsJsonAsync("/api/admin/keys", new { userName = official })).AssertProblemAsync(403);
        }
    }

    [Theory]
    [InlineData("{\"userName\":\"nobody-here-at-all\"}", 404, "no account named")]
    [InlineData("{\"userName\":\"x'; drop table app_user; --\"}", 400, "userName")]
    [InlineData("{\"userName\":\"<script>alert(1)</script>\"}", 400, "userName")]
    [InlineData("{\"label\":\"no user\"}", 400, "userName")]
    public async Task CreateKey_ReturnsProblem_WhenRequestIsBad(string body, int status, string detail)
    {
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        var response = await admin.PostAsync("/api/admin/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await response.AssertProblemAsync(status, detail);
        Assert.True(await fx.CountAsync("app_user") > 0);
    }

    [Fact]
    public async Task CreateKey_StoresInjectionTextVerbatim_AsData()
    {
        var (planner, _) = await fx.NewAccountAsync(Roles.Planner);
        var admin = await fx.ClientAsAsync(Roles.Administrator);
        const string label = "<script>alert('x')</script>'; drop table api_key; --";
        var response = await admin.PostAsJsonAsync("/api/admin/keys", new { userName = planner, label });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        // Served as JSON data that browsers must not sniff into a page.
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var keys = await ApiKeys.ListAsync(fx.Db, planner);
        Assert.Equal(label, Assert.Single(keys).Label);
    }
}
