using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Security;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>Helpers for the security tests: accounts with known passwords, ProblemDetails checks.</summary>
public static class SecurityTestExtensions
{
    /// <summary>Creates an account and returns its name and password (not signed in).</summary>
    public static async Task<(string UserName, string Password)> NewAccountAsync(this PostgisFixture fx, string role)
    {
        var userName = $"s-{role.Replace('_', '-')}-{Guid.NewGuid():N}"[..30];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(fx.Db, userName, role, password);
        return (userName, password);
    }

    public static Task<HttpResponseMessage> SignInAsync(this HttpClient client, string userName, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { userName, password });

    /// <summary>Asserts a ProblemDetails response with this status and returns its JSON.</summary>
    public static async Task<JsonElement> AssertProblemAsync(this HttpResponseMessage response, int status, string? detailContains = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNoInternals(body);
        var json = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(status, json.GetProperty("status").GetInt32());
        if (detailContains is not null)
            Assert.Contains(detailContains, json.TryGetProperty("detail", out var d) ? d.GetString() : body, StringComparison.OrdinalIgnoreCase);
        return json;
    }

    /// <summary>No stack traces, exception type names, SQL or connection details in a response body.</summary>
    public static void AssertNoInternals(string body)
    {
        var leak = FindInternals(body);
        Assert.True(leak is null, $"response shows internals ('{leak}'): {body}");
    }

    /// <summary>The first tell-tale of server internals in a body, or null.</summary>
    public static string? FindInternals(string body) =>
        new[] { "   at ", "Exception", "Npgsql", "Host=", "Password=", "StackTrace", "GridGIS.Server.", ".cs:line", "System." }
            .FirstOrDefault(leak => body.Contains(leak, StringComparison.Ordinal));
}
