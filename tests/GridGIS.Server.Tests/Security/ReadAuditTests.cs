using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Features.Grids;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Every read of personal data leaves exactly one audit row: who, what, which grid or household, how
/// many households, when and from which client. A read refused (another worker's grid) leaves none.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class ReadAuditTests(PostgisFixture fx)
{
    /// <summary>Household endpoint (GET) -> the audit action, the entity and its id for a (grid, household), and the count read.</summary>
    private static readonly (string Endpoint, string Action, string Entity, Func<int, long, string> Url, bool ById)[] Reads =
    [
        ("GET /api/grids/{id:int}/households", "household.list", "grid", (g, _) => $"/api/grids/{g}/households", false),
        ("GET /api/grids/{id:int}/households.csv", "household.export", "grid", (g, _) => $"/api/grids/{g}/households.csv", false),
        ("GET /api/households/{id:long}", "household.read", "household", (_, h) => $"/api/households/{h}", true),
        ("GET /api/households/{id:long}/moves", "household.moves", "household", (_, h) => $"/api/households/{h}/moves", true),
        ("GET /api/households", "household.list", "grid", (g, _) => $"/api/households?grid={g}", false),
    ];

    [Fact]
    public async Task EveryHouseholdRead_WritesExactlyOneAuditRow_WithActorSubjectCountAndClient()
    {
        var (user, password) = await fx.NewAccountAsync(Roles.GridWorker);
        var t = new GridTestData(fx);
        var me = await t.WorkerAsync("本人", ["zh"], user);
        var community = await t.CommunityAsync(t.Box(0, 0, 2, 1));
        var grid = await t.GridAsync(community, "001", t.Box(0, 0, 1, 1), me);
        var household = await t.HouseholdAsync(0.5, 0.5, gridId: grid);
        await t.HouseholdAsync(0.6, 0.5, gridId: grid);
        var worker = fx.Factory.CreateClient();
        var token = await (await worker.SignInAsync(user, password)).Content.ReadFromJsonAsync<JsonElement>();
        worker.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());

        foreach (var read in Reads)
        {
            var since = await LastAuditIdAsync();
            using var response = await worker.GetAsync(read.Url(grid, household));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{read.Endpoint}: {(int)response.StatusCode}");
            var rows = await AuditRowsAsync(since);
            var row = Assert.Single(rows);
            Assert.Equal((user, read.Action, read.Entity), (row.Actor, row.Action, row.Entity));
            Assert.Equal(read.ById ? household.ToString(System.Globalization.CultureInfo.InvariantCulture) : grid.ToString(System.Globalization.CultureInfo.InvariantCulture), row.EntityId);
            Assert.NotNull(row.Client);
            Assert.Equal(read.Action switch { "household.read" => 1, "household.moves" => 0, _ => 2 }, row.After.GetProperty("count").GetInt32());
            if (!read.ById) Assert.Equal(grid, row.After.GetProperty("gridId").GetInt32());
        }
    }

    [Fact]
    public async Task EveryHouseholdReadEndpoint_HasAReadAuditCase()
    {
        var reads = (await EndpointCatalog.ListAsync(fx.Factory))
            .Where(e => !e.IsWrite && (e.Pattern.Contains("/households", StringComparison.Ordinal)))
            .Select(e => e.ToString()).ToList();
        Assert.NotEmpty(reads);
        var missing = reads.Except(Reads.Select(r => r.Endpoint)).Except(["GET /api/households/unassigned"]).ToList();
        Assert.True(missing.Count == 0, "household reads without a case in ReadAuditTests.Reads: " + string.Join(", ", missing));
    }

    [Fact]
    public async Task UnassignedHouseholds_WritesOneAuditRow_WithTheCountListed()
    {
        var t = new GridTestData(fx);
        await t.HouseholdAsync(0.5, 0.5, gridId: null);
        var (admin, adminName) = (await fx.ClientAsAsync(Roles.Administrator, "t-admin-unassigned"), "t-admin-unassigned");
        var since = await LastAuditIdAsync();
        using var response = await admin.GetAsync("/api/households/unassigned?limit=3");
        var listed = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("households").GetArrayLength();
        var row = Assert.Single(await AuditRowsAsync(since));
        Assert.Equal((adminName, "household.unassigned", "household"), (row.Actor, row.Action, row.Entity));
        Assert.True(listed >= 1);
        Assert.Equal(listed, row.After.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task ARefusedRead_WritesNoAuditRow()
    {
        var t = new GridTestData(fx);
        var someoneElse = await t.WorkerAsync("他人", ["zh"]);
        var community = await t.CommunityAsync(t.Box(0, 0, 1, 1));
        var theirs = await t.GridAsync(community, "009", t.Box(0, 0, 1, 1), someoneElse);
        var worker = await fx.ClientAsAsync(Roles.GridWorker);
        var since = await LastAuditIdAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await worker.GetAsync($"/api/grids/{theirs}/households")).StatusCode);
        Assert.Empty(await AuditRowsAsync(since));
    }

    [Fact]
    public async Task RequestLog_NamesTheUserAndClient_OfEveryRequest()
    {
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        // Disposed with the fixture's host (see SignInLimitsTests).
        var factory = fx.Factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(new CapturingLogger(lines))));
        var (user, password) = await fx.NewAccountAsync(Roles.Planner);
        var client = factory.CreateClient();
        var token = await (await client.SignInAsync(user, password)).Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/auth/me")).StatusCode);
        Assert.Contains(lines, l => l.StartsWith("GET /api/auth/me answered 200", StringComparison.Ordinal) && l.Contains($"for user {user} from ", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("POST /api/auth/token answered 200", StringComparison.Ordinal) && l.Contains("for user - from ", StringComparison.Ordinal));
    }

    /// <summary>Keeps the request log's lines (category <see cref="RequestLog.Category"/>).</summary>
    private sealed class CapturingLogger(System.Collections.Concurrent.ConcurrentQueue<string> lines) : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        private string _category = "";
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) =>
            categoryName == RequestLog.Category ? new CapturingLogger(lines) { _category = categoryName } : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => _category.Length > 0;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue(formatter(state, exception));
        public void Dispose() { }
    }

    private sealed record Row(string Actor, string Action, string Entity, string? EntityId, string? Client, JsonElement After);

    private async Task<long> LastAuditIdAsync()
    {
        await using var cmd = fx.Db.CreateCommand("select coalesce(max(id), 0) from audit_log");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Audit rows of household reads written after <paramref name="since"/> (other tests' writes and sign-ins left aside).</summary>
    private async Task<List<Row>> AuditRowsAsync(long since)
    {
        await using var cmd = fx.Db.CreateCommand(
            "select actor, action, entity, entity_id, client, after::text from audit_log where id > $1 and action like 'household.%' order by id");
        cmd.Parameters.Add(new() { Value = since });
        var rows = new List<Row>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
            rows.Add(new Row(r.GetString(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                JsonDocument.Parse(r.GetString(5)).RootElement.Clone()));
        return rows;
    }
}
