using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// A server in process on the demo database that scripts/test loaded (GRIDGIS_TEST_DB), signed in with the
/// demo accounts of GRIDGIS_STATE_DIR, for tests that need the city's data (its walking network). Without
/// a Hangfire server or the coverage start-up, so that it runs no job of that database. Derived from the
/// fixture's host, which disposes it.
/// </summary>
public static class DemoHosts
{
    public static WebApplicationFactory<Program> Create(PostgisFixture fx, params (string Key, string Value)[] settings) =>
        fx.Factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("ConnectionStrings:GridGIS", PostgisFixture.DemoConnectionString
                ?? throw new InvalidOperationException("GRIDGIS_TEST_DB is not set: run the tests through scripts/test"));
            foreach (var (k, v) in settings) b.UseSetting(k, v);
            b.ConfigureTestServices(s =>
            {
                var background = s.Where(d => d.ServiceType == typeof(IHostedService)
                                              && (d.ImplementationType?.Name == "CoverageStartup" || d.ImplementationFactory is not null)).ToList();
                foreach (var d in background) s.Remove(d);
            });
        });

    /// <summary>A client of <paramref name="host"/> signed in as a demo account (user, role, password in demo-accounts.txt).</summary>
    public static async Task<HttpClient> ClientAsAsync(WebApplicationFactory<Program> host, string user)
    {
        var client = host.CreateClient();
        client.Timeout = TimeSpan.FromMinutes(3);
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName = user, password = DemoPassword(user) });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A demo account's password from demo-accounts.txt (lines "user role password").</summary>
    public static string DemoPassword(string user)
    {
        var dir = Environment.GetEnvironmentVariable("GRIDGIS_STATE_DIR")
                  ?? throw new InvalidOperationException("GRIDGIS_STATE_DIR is not set: run the tests through scripts/test");
        var file = Path.Combine(dir, "demo-accounts.txt");
        var line = File.ReadAllLines(file).Select(l => l.Split(' ', 3)).FirstOrDefault(p => p.Length == 3 && p[0] == user)
                   ?? throw new InvalidOperationException($"no demo account '{user}' in {file}");
        return line[2];
    }
}
