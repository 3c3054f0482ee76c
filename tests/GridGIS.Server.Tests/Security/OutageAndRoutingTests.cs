using System.Net;
using System.Net.Http.Json;
using System.Text;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GridGIS.Server.Tests.Security;

/// <summary>
/// Issue 13, item 11: a database outage answers 503 with Retry-After and recovers; liveness and readiness
/// endpoints for whoever runs the server; unknown paths 404 instead of the viewer's page; a malformed
/// route value 400 naming it.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class OutageAndRoutingTests(PostgisFixture fx)
{
    [Fact]
    public async Task DatabaseOutage_Answers503WithRetryAfter_AndNotReady_ThenRecovers()
    {
        // A throw-away database of its own: made to refuse connections, its sessions ended, then let in again.
        var name = $"gridgis_outage_{Guid.NewGuid():N}"[..40];
        var admin = new NpgsqlConnectionStringBuilder(fx.ConnectionString) { Database = "postgres", Pooling = false }.ConnectionString;
        var cs = new NpgsqlConnectionStringBuilder(fx.ConnectionString) { Database = name, Timeout = 3 }.ConnectionString;
        await AdminAsync(admin, $"create database \"{name}\"");
        try
        {
            await using (var setup = new NpgsqlConnection(cs))
            {
                await setup.OpenAsync();
                await using var ext = new NpgsqlCommand("create extension if not exists postgis; create extension if not exists pgrouting", setup);
                await ext.ExecuteNonQueryAsync();
            }
            await using (var db = Database.Create(cs))
            {
                await Migrator.MigrateAsync(db);
                await Accounts.UpsertAsync(db, "outage-planner", Roles.Planner, "a long test passphrase of the outage");
            }
            var host = fx.Factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:GridGIS", cs));
            var client = host.CreateClient();
            var signIn = await client.PostAsJsonAsync("/api/auth/token", new { userName = "outage-planner", password = "a long test passphrase of the outage" });
            signIn.EnsureSuccessStatusCode();
            client.DefaultRequestHeaders.Authorization = new("Bearer", (await signIn.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/categories")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, await ReadyWithinAsync(client, HttpStatusCode.OK));

            await AdminAsync(admin, $"alter database \"{name}\" allow_connections false");
            await AdminAsync(admin, $"select pg_terminate_backend(pid) from pg_stat_activity where datname = '{name}' and pid <> pg_backend_pid()");
            foreach (var url in new[] { "/api/categories", "/api/streets" })
            {
                var down = await client.GetAsync(url);
                await down.AssertProblemAsync(503, "database");
                Assert.True(down.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, $"{url}: 503 without Retry-After");
            }
            var ready = await client.GetAsync("/health/ready");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            SecurityTestExtensions.AssertNoInternals(await ready.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);   // with a token too: no database read

            await AdminAsync(admin, $"alter database \"{name}\" allow_connections true");
            Assert.Equal(HttpStatusCode.OK, await ReadyWithinAsync(client, HttpStatusCode.OK));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/categories")).StatusCode);
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync(admin, $"alter database \"{name}\" allow_connections true");
            await AdminAsync(admin, $"drop database if exists \"{name}\" with (force)");
        }
    }

    [Fact]
    public async Task Health_IsAnonymous_LiveAlways_ReadyWhenTheDatabaseAnswers_AndTellsNoData()
    {
        var client = fx.Factory.CreateClient();
        var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await ReadyWithinAsync(client, HttpStatusCode.OK));
        var body = await (await client.GetAsync("/health/ready")).Content.ReadAsStringAsync();
        SecurityTestExtensions.AssertNoInternals(body);
        Assert.DoesNotContain(fx.DatabaseName, body);

        // a server whose database port has nothing listening: alive, not ready
        // (without the job server and the coverage start-up, which would query at start: see ErrorHandlingTests)
        var broken = fx.Factory.WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:GridGIS",
            "Host=127.0.0.1;Port=1;Database=none;Username=nobody;Password=secret-in-config;Timeout=2")
            .ConfigureTestServices(s =>
            {
                foreach (var d in s.Where(d => d.ServiceType == typeof(IHostedService)
                                               && (d.ImplementationType?.Name == "CoverageStartup" || d.ImplementationFactory is not null)).ToList())
                    s.Remove(d);
            }));
        var down = broken.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await down.GetAsync("/health/live")).StatusCode);
        var notReady = await down.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        var text = await notReady.Content.ReadAsStringAsync();
        SecurityTestExtensions.AssertNoInternals(text);
        Assert.DoesNotContain("secret-in-config", text);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/healthz")]
    [InlineData("/admin/settings")]
    [InlineData("/some/page")]
    public async Task UnknownPath_Returns404ProblemDetails_NotTheViewer(string url)
    {
        var response = await fx.Factory.CreateClient().GetAsync(url);
        await response.AssertProblemAsync(404);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/index.html")]
    public async Task ViewerRoutes_StillServeTheViewer(string url)
    {
        var response = await fx.Factory.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("PUT", "/api/grids/abc/worker", "{\"workerId\": null}", "id")]
    [InlineData("POST", "/api/grids/abc/designation", "{\"foreignResident\": true}", "id")]
    [InlineData("POST", "/api/households/1x/move", "{\"gridId\": 1, \"reason\": \"x\"}", "id")]
    [InlineData("GET", "/api/streets/abc", null, "id")]
    [InlineData("GET", "/api/streets/99999999999999999999", null, "id")]
    public async Task MalformedRouteValue_Returns400NamingIt(string method, string url, string? body, string parameter)
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        var problem = await (await client.SendAsync(request)).AssertProblemAsync(400, parameter);
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public void ExceptionHandler_Maps_ConnectionFailures503_AndOther500()
    {
        Assert.Equal(503, ProblemExceptionHandler.Describe(new NpgsqlException("down", new System.Net.Sockets.SocketException(111))).Status);
        Assert.Equal(503, ProblemExceptionHandler.Describe(new InvalidOperationException("counting", new NpgsqlException("down", new TimeoutException()))).Status);
        Assert.Equal(503, ProblemExceptionHandler.Describe(new TimeoutException()).Status);
        Assert.Equal(500, ProblemExceptionHandler.Describe(new InvalidOperationException("a bug")).Status);
    }

    private static async Task<HttpStatusCode> ReadyWithinAsync(HttpClient client, HttpStatusCode wanted)
    {
        var status = HttpStatusCode.NotFound;
        for (var until = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < until; await Task.Delay(250))
            if ((status = (await client.GetAsync("/health/ready")).StatusCode) == wanted) break;
        return status;
    }

    private static async Task AdminAsync(string cs, string sql)
    {
        await using var c = new NpgsqlConnection(cs);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }
}
