using System.Net;
using System.Text;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace GridGIS.Server.Tests.Security;

/// <summary>Errors are ProblemDetails that say what is wrong, 4xx for the caller's mistakes, and never show internals.</summary>
[Collection(PostgisCollection.Name)]
public sealed class ErrorHandlingTests(PostgisFixture fx)
{
    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Theory]
    [InlineData("{\"userName\": ", "JSON")]
    [InlineData("{\"userName\": \"a\", \"password\": 5}", "JSON")]
    [InlineData("[1, 2", "JSON")]
    public async Task MalformedJsonBody_Returns400ProblemDetails(string body, string detail) =>
        await (await fx.Factory.CreateClient().PostAsync("/api/auth/token", Json(body))).AssertProblemAsync(400, detail);

    [Fact]
    public async Task WrongContentType_Returns415ProblemDetails() =>
        await (await fx.Factory.CreateClient().PostAsync("/api/auth/token", new StringContent("a,b\n1,2", Encoding.UTF8, "text/csv")))
            .AssertProblemAsync(415);

    [Theory]
    [InlineData("/api/streets?limit=abc", "limit")]
    [InlineData("/api/streets?offset=1e99", "offset")]
    [InlineData("/api/streets?limit=99999999999999999999", "limit")]
    public async Task BadQueryValue_Returns400NamingTheParameter(string url, string parameter)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        await (await client.GetAsync(url)).AssertProblemAsync(400, parameter);
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemDetails_WithAllow()
    {
        var client = await fx.ClientAsAsync(Roles.Administrator);
        var response = await client.DeleteAsync("/api/streets");
        await response.AssertProblemAsync(405, "allowed: GET");
        Assert.Contains("GET", response.Content.Headers.Allow);
    }

    // A path value of the wrong form (/api/streets/abc) is a 400 naming it: OutageAndRoutingTests.
    [Theory]
    [InlineData("/api/no-such-thing")]
    [InlineData("/api/streets/1/no-such-thing")]
    public async Task UnknownApiPath_Returns404ProblemDetails_NotTheViewer(string url)
    {
        var client = await fx.ClientAsAsync(Roles.Planner);
        await (await client.GetAsync(url)).AssertProblemAsync(404);
    }

    [Fact]
    public async Task UnreachableDatabase_Returns503ProblemDetails_WithRetryAfter_WithoutInternals()
    {
        // A server whose data source points at a closed port: every query throws inside the handler.
        // (Other exceptions give 500 with a trace id: OutageAndRoutingTests.ExceptionHandler_Maps_...)
        // (The coverage start-up service, which would query at start, is left out of this one.)
        var token = (await fx.ClientAsAsync(Roles.Planner)).DefaultRequestHeaders.Authorization;
        // Not disposed here: disposing a second host in the process stops Hangfire job creation in the
        // others (process-wide Hangfire state); the fixture disposes derived hosts with its own.
        var broken = fx.Factory.WithWebHostBuilder(b => b.ConfigureTestServices(s =>
        {
            s.RemoveAll<NpgsqlDataSource>();
            s.AddSingleton(_ => GridGIS.Server.Data.Database.Create("Host=127.0.0.1;Port=1;Database=none;Username=nobody;Password=secret-in-config;Timeout=3"));
            // Nor the Hangfire server (registered by factory), whose process-wide state the other hosts share.
            var startup = s.Where(d => d.ServiceType == typeof(IHostedService)
                                       && (d.ImplementationType?.Name == "CoverageStartup" || d.ImplementationFactory is not null)).ToList();
            foreach (var d in startup) s.Remove(d);
        }));
        var client = broken.CreateClient();
        client.DefaultRequestHeaders.Authorization = token; // tokens are valid across the install's processes
        var response = await client.GetAsync("/api/categories");
        var problem = await response.AssertProblemAsync(503, "database");
        Assert.True(problem.TryGetProperty("traceId", out _));
        Assert.True(response.Headers.RetryAfter?.Delta is { TotalSeconds: > 0 }, "503 without Retry-After");
        Assert.DoesNotContain("secret-in-config", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BodyOverTheLimit_Returns413ProblemDetails_WithAndWithoutContentLength()
    {
        var small = fx.Factory.WithWebHostBuilder(b => b.UseSetting("Security:MaxRequestBodyBytes", "1024"));
        var client = small.CreateClient();
        var big = "{\"userName\":\"" + new string('a', 4000) + "\",\"password\":\"x\"}";
        await (await client.PostAsync("/api/auth/token", Json(big))).AssertProblemAsync(413, "at most 1,024 bytes");

        var chunked = new StreamContent(new NoLengthStream(Encoding.UTF8.GetBytes(big)));
        chunked.Headers.ContentType = new("application/json");
        await (await client.PostAsync("/api/auth/token", chunked)).AssertProblemAsync(413, "at most 1,024 bytes");

        // Under the limit the same endpoint answers normally.
        await (await client.PostAsync("/api/auth/token", Json("{\"userName\":\"nobody-small\",\"password\":\"x\"}"))).AssertProblemAsync(401);
    }

    /// <summary>A stream that hides its length, so the client sends the body chunked.</summary>
    private sealed class NoLengthStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;
    }
}
