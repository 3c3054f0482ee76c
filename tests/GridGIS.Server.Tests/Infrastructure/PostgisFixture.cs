using System.Net.Http.Headers;
using System.Net.Http.Json;
using GridGIS.Core.Geo;
using GridGIS.Server.Data;
using GridGIS.Server.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;

namespace GridGIS.Server.Tests.Infrastructure;

/// <summary>
/// A real PostGIS database for the integration tests: a fresh database created for this test run
/// on the server named by GRIDGIS_TEST_ADMIN_DB (set by scripts/test), migrated, dropped at the end.
/// Tests insert their own rows and assert on them. Demo-data tests use <see cref="DemoConnectionString"/>,
/// the test database that scripts/test loaded with the small demo.
/// </summary>
public sealed class PostgisFixture : IAsyncLifetime
{
    private readonly string _adminCs;
    private WebApplicationFactory<Program>? _factory;

    public PostgisFixture()
    {
        _adminCs = Environment.GetEnvironmentVariable("GRIDGIS_TEST_ADMIN_DB")
                   ?? throw new InvalidOperationException("GRIDGIS_TEST_ADMIN_DB is not set: run the tests through scripts/test");
        DatabaseName = $"gridgis_it_{Environment.ProcessId}_{Guid.NewGuid():N}"[..40];
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminCs) { Database = DatabaseName, Pooling = true }.ConnectionString;
    }

    /// <summary>
    /// The city profile every fixture host is configured with (<c>City:MetricEpsg</c>): the default, Chaoyang's zone, whatever
    /// rows other tests have put in the shared database when the host starts. Tests project with its projection.
    /// </summary>
    public static CityProfile City { get; } = CityProfile.Default;

    public string DatabaseName { get; }
    public string ConnectionString { get; }
    public static string? DemoConnectionString => Environment.GetEnvironmentVariable("GRIDGIS_TEST_DB");
    public NpgsqlDataSource Db { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminCs) { Database = "postgres" }.ConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"create database \"{DatabaseName}\"", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using (var setup = new NpgsqlConnection(ConnectionString))
        {
            await setup.OpenAsync();
            await using var ext = new NpgsqlCommand("create extension if not exists postgis; create extension if not exists pgrouting", setup);
            await ext.ExecuteNonQueryAsync();
        }
        Db = Database.Create(ConnectionString);
        await Migrator.MigrateAsync(Db);
    }

    public async Task DisposeAsync()
    {
        if (_factory is not null) await _factory.DisposeAsync();
        await Db.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(_adminCs) { Database = "postgres" }.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop database if exists \"{DatabaseName}\" with (force)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>The server, in process, on this fixture's database.</summary>
    public WebApplicationFactory<Program> Factory => _factory ??= new WebApplicationFactory<Program>()
        .WithWebHostBuilder(b => b.UseSetting("ConnectionStrings:GridGIS", ConnectionString)
            // Every test signs in from the same in-process client; the sign-in limits get their own tests.
            .UseSetting("Security:SignIn:PerIp", "1000000").UseSetting("Security:SignIn:PerUser", "1000000")
            .UseSetting("City:MetricEpsg", City.MetricEpsg.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Coverage:RunAtStartup", "false"));   // tests start the coverage runs they need

    /// <summary>An HTTP client signed in as a new account with <paramref name="role"/>.</summary>
    public async Task<HttpClient> ClientAsAsync(string role, string? userName = null)
    {
        userName ??= $"t-{role.Replace('_', '-')}-{Guid.NewGuid():N}"[..30];
        var password = PasswordHash.NewSecret();
        await Accounts.UpsertAsync(Db, userName, role, password);
        var client = Factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { userName, password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<TokenResponse>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token!.AccessToken);
        return client;
    }

    public async Task<long> CountAsync(string table)
    {
        await using var cmd = Db.CreateCommand($"select count(*) from {table}");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private sealed record TokenResponse(string AccessToken, long ExpiresIn);
}

[CollectionDefinition(Name)]
public sealed class PostgisCollection : ICollectionFixture<PostgisFixture>
{
    public const string Name = "postgis";
}
