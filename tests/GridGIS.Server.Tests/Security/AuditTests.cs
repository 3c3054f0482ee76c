using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Every write endpoint leaves an audit row (who, what, before and after) when it changes something.
/// <see cref="Writes"/> holds one valid request per write endpoint; a write endpoint the server maps that
/// is neither there nor in <see cref="Exempt"/> (with a reason) fails
/// <see cref="EveryWriteEndpoint_HasAnAuditCase"/>, so a new endpoint gets its case when it lands.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class AuditTests(PostgisFixture fx)
{
    /// <summary>A valid write: builds the request from a fresh setup, names the audited entity.</summary>
    public sealed record WriteCase(string Endpoint, string Entity, Func<PostgisFixture, HttpClient, Task<HttpRequestMessage>> Request);

    public static readonly WriteCase[] Writes =
    [
        new("POST /api/admin/keys", "api_key", async (fx, _) =>
        {
            var (user, _) = await fx.NewAccountAsync(Roles.Planner);
            return new HttpRequestMessage(HttpMethod.Post, "/api/admin/keys") { Content = JsonContent.Create(new { userName = user, label = "audit" }) };
        }),
        new("DELETE /api/admin/keys/{prefix}", "api_key", async (fx, _) =>
        {
            var (user, _) = await fx.NewAccountAsync(Roles.Planner);
            var key = await ApiKeys.CreateAsync(fx.Db, "setup", user, "to revoke");
            return new HttpRequestMessage(HttpMethod.Delete, $"/api/admin/keys/{key!.Prefix}");
        }),
        .. Features.Grids.GridsAuditCases.Writes,
    ];

    /// <summary>Write endpoints without an audit row, each with its reason.</summary>
    public static readonly Dictionary<string, string> Exempt = new()
    {
        ["POST /api/auth/token"] = "sign-in changes only the failed-attempt counter; it issues a token and writes no data",
    };

    [Fact]
    public async Task EveryWriteEndpoint_HasAnAuditCase()
    {
        var writes = (await EndpointCatalog.ListAsync(fx.Factory)).Where(e => e.IsWrite && !e.IsFallback).Select(e => e.ToString()).Distinct();
        var missing = writes.Where(w => !Exempt.ContainsKey(w) && Writes.All(c => c.Endpoint != w)).ToList();
        Assert.True(missing.Count == 0, "write endpoints without an audit case in AuditTests.Writes: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task EveryWriteCase_LeavesOneAuditRow_NamingTheSignedInUser()
    {
        var (adminName, password) = await fx.NewAccountAsync(Roles.Administrator);
        var admin = fx.Factory.CreateClient();
        var token = await (await admin.SignInAsync(adminName, password)).Content.ReadFromJsonAsync<JsonElement>();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var wrong = new List<string>();
        foreach (var c in Writes)
        {
            var request = await c.Request(fx, admin);
            var last = await LastAuditIdAsync();
            using var response = await admin.SendAsync(request);
            if (!response.IsSuccessStatusCode) { wrong.Add($"{c.Endpoint}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}"); continue; }
            await using var cmd = fx.Db.CreateCommand("select actor, entity, coalesce(after::text, before::text, '') from audit_log where id > $1");
            cmd.Parameters.Add(new() { Value = last });
            var rows = new List<(string Actor, string Entity, string Data)>();
            await using (var r = await cmd.ExecuteReaderAsync())
                while (await r.ReadAsync()) rows.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
            if (!rows.Any(row => row.Actor == adminName && row.Entity == c.Entity))
                wrong.Add($"{c.Endpoint}: no audit row by {adminName} on {c.Entity} (found {string.Join("; ", rows)})");
            if (rows.Any(row => row.Data.Contains("sha256$", StringComparison.Ordinal) || row.Data.Contains("pbkdf2", StringComparison.Ordinal)))
                wrong.Add($"{c.Endpoint}: a secret's hash went into the audit log");
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    private async Task<long> LastAuditIdAsync()
    {
        await using var cmd = fx.Db.CreateCommand("select coalesce(max(id), 0) from audit_log");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
