using System.Diagnostics;
using System.Net;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>The account and apikey verbs, run as a real process on this fixture's database.</summary>
[Collection(PostgisCollection.Name)]
public sealed class SecurityCommandsTests(PostgisFixture fx)
{
    private async Task<(int Exit, string Out, string Err)> RunAsync(string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "GridGIS.Server.dll"));
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["GRIDGIS_DB_CS"] = fx.ConnectionString;
        start.Environment.Remove("GRIDGIS_NEW_PASSWORD");
        using var p = Process.Start(start)!;
        if (stdin is not null) await p.StandardInput.WriteLineAsync(stdin);
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEndAsync();
        var error = p.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await p.WaitForExitAsync(timeout.Token);
        return (p.ExitCode, await output, await error);
    }

    private HttpClient KeyClient(string key)
    {
        var client = fx.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return client;
    }

    [Fact]
    public async Task AccountAndKeyVerbs_CreateResetRotateRevoke_AndAuditEachStep()
    {
        var name = $"cli-{Guid.NewGuid():N}"[..20];
        const string first = "ferry walnut cobalt lantern 7", second = "quiet marble orchid tundra 42";

        var add = await RunAsync(first, "account", "add", name, Roles.Official);
        Assert.True(add.Exit == 0, add.Err);
        var client = fx.Factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(name, first)).StatusCode);

        Assert.Equal(2, (await RunAsync(second, "account", "add", name, Roles.Official)).Exit); // exists already
        Assert.Equal(0, (await RunAsync(second, "account", "password", name)).Exit);
        await (await client.SignInAsync(name, first)).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await client.SignInAsync(name, second)).StatusCode);

        var create = await RunAsync(null, "apikey", "create", name, "--label", "cron export");
        Assert.True(create.Exit == 0, create.Err);
        var key = create.Out.Trim();
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(key).GetAsync("/api/auth/me")).StatusCode);

        var rotate = await RunAsync(null, "apikey", "rotate", ApiKeys.PrefixOf(key)!);
        Assert.True(rotate.Exit == 0, rotate.Err);
        var rotated = rotate.Out.Trim();
        await (await KeyClient(key).GetAsync("/api/auth/me")).AssertProblemAsync(401);
        Assert.Equal(HttpStatusCode.OK, (await KeyClient(rotated).GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal("cron export", (await ApiKeys.ListAsync(fx.Db, name)).First(k => k.RevokedAt is null).Label);

        Assert.Equal(0, (await RunAsync(null, "apikey", "revoke", ApiKeys.PrefixOf(rotated)!)).Exit);
        await (await KeyClient(rotated).GetAsync("/api/auth/me")).AssertProblemAsync(401);
        Assert.Equal(2, (await RunAsync(null, "apikey", "revoke", ApiKeys.PrefixOf(rotated)!)).Exit);

        await using var cmd = fx.Db.CreateCommand(
            // Sign-in attempts are audited too (SignInLimitsTests); here only what the verbs wrote.
            "select action from audit_log where ((entity = 'app_user' and entity_id = $1) or (entity = 'api_key' and after->>'userName' = $1)) and action not like 'signin%' order by id");
        cmd.Parameters.Add(new() { Value = name });
        var actions = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync()) while (await r.ReadAsync()) actions.Add(r.GetString(0));
        Assert.Equal(["create", "reset-password", "create", "create", "revoke", "revoke"], actions);
    }

    [Theory]
    [InlineData("short", "at least 12 characters")]
    [InlineData("password1234", "too easy to guess")]
    [InlineData("aaaaaaaaaaaa", "too easy to guess")]
    [InlineData("", "at least 12 characters")]
    public async Task AccountAdd_Refuses_WhenPasswordIsTooShort(string password, string message)
    {
        var result = await RunAsync(password, "account", "add", $"cli-{Guid.NewGuid():N}"[..20], Roles.Planner);
        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Err);
    }

    [Theory]
    [InlineData("Bad Name", "planner", "must be 2-64 characters")]
    [InlineData("okname", "superuser", "unknown role")]
    public async Task AccountAdd_Refuses_WhenNameOrRoleIsBad(string name, string role, string message)
    {
        var result = await RunAsync("ferry walnut cobalt lantern 7", "account", "add", name, role);
        Assert.Equal(2, result.Exit);
        Assert.Contains(message, result.Err);
    }
}
