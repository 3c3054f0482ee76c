using System.Net.Http.Headers;
using System.Net.Http.Json;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// A database of a test's own (migrated, with PostGIS and pgRouting) and an in-process server on it, for tests that
/// replace the whole walking network or need a city profile of their own; dropped on dispose.
/// </summary>
public sealed class OwnDatabase : IAsyncDisposable
{
    private readonly string _adminCs;
    private readonly int _metricEpsg;
    private WebApplicationFactory<Program>? _factory;

    private OwnDatabase(string adminCs, string name, int metricEpsg)
    {
        (_adminCs, Name, _metricEpsg) = (adminCs, name, metricEpsg);
        ConnectionString = new NpgsqlConnectionStringBuilder(adminCs) { Database = name, Pooling = true }.ConnectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource Db { get; private set; } = null!;

    /// <param name="metricEpsg">the city profile's metric CRS (default: Chaoyang's, 4548)</param>
    public static async Task<OwnDatabase> CreateAsync(int metricEpsg = 4548)
    {
        var adminCs = Environment.GetEnvironmentVariable("GRIDGIS_TEST_ADMIN_DB")
                      ?? throw new InvalidOperationException("GRIDGIS_TEST_ADMIN_DB is not set: run the tests through scripts/test");
        var own = new OwnDatabase(adminCs, $"gridgis_it_own_{Guid.NewGuid():N}"[..40], metricEpsg);
        await own.AdminAsync($"create database \"{own.Name}\"");
        await using (var c = new NpgsqlConnection(own.ConnectionString))
        {
            await c.OpenAsync();
            await using var ext = new NpgsqlCommand("create extension if not exists postgis; create extension if not exists pgrouting", c);
            await ext.ExecuteNonQueryAsync();
        }
        own.Db = Database.Create(own.ConnectionString);
        await Migrator.MigrateAsync(own.Db);
        return own;
    }

    /// <summary>The server, in process, on this database.</summary>
    public WebApplicationFactory<Program> Factory => _factory ??= new WebApplicationFactory<Program>()
        .WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:GridGIS", ConnectionString)
            .UseSetting("Security:SignIn:PerIp", "1000000").UseSetting("Security:SignIn:PerUser", "1000000")
            .UseSetting("City:MetricEpsg", _metricEpsg.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Coverage:RunAtStartup", "false"));

    /// <summary>An HTTP client signed in as a new account with <paramref name="role"/>.</summary>
    public async Task<HttpClient> ClientAsAsync(string role)
    {
        var userName = $"t-{role.Replace('_', '-')}-{Guid.NewGuid():N}"[..30];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(Db, userName, role, password);
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        if (Db is not null) await Db.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await AdminAsync($"drop database if exists \"{Name}\" with (force)");
    }

    private async Task AdminAsync(string sql)
    {
        await using var c = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminCs) { Database = "postgres", Pooling = false }.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, c);
        await cmd.ExecuteNonQueryAsync();
    }

    private sealed record TokenResponse(string AccessToken, long ExpiresIn);
}
