using System.Net.Http.Json;
using System.Text.Json;
using GridGIS.Server.Tests.Features.Coverage;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Siting;

/// <summary>
/// A database of its own for the scenario tests: the generated coverage dataset (CoverageTestData, tag 161) with its
/// lattice walking network, and network-mode coverage runs through the real Hangfire worker.
/// </summary>
public sealed class ScenarioDatabase : IAsyncLifetime
{
    private readonly CoverageDatabase _cov = new();

    public NpgsqlDataSource Db => _cov.Db.Db;
    internal CoverageTestData.Dataset Data => _cov.Data;
    public string Clinic => _cov.Data.Categories[0];

    public Task InitializeAsync() => _cov.InitializeAsync();
    public Task DisposeAsync() => _cov.DisposeAsync();

    public Task<HttpClient> ClientAsAsync(string role) => _cov.ClientAsAsync(role);

    /// <summary>Starts a network-mode run and waits until it is complete; its id.</summary>
    public async Task<long> NetworkRunAsync(HttpClient admin)
    {
        var response = await admin.PostAsJsonAsync("/api/coverage/runs", new { mode = "network" });
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return await _cov.WaitCompleteAsync(admin, doc.RootElement.GetProperty("id").GetInt64());
    }

    /// <summary>A digest of every row of the facility table: a scenario must never change it.</summary>
    public async Task<string> FacilityDigestAsync()
    {
        await using var cmd = Db.CreateCommand("select md5(coalesce(string_agg(f::text, '|' order by f.id), '')) || ':' || count(*) from facility f");
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<T> ScalarAsync<T>(string sql, params object[] values)
    {
        await using var cmd = Db.CreateCommand(sql);
        foreach (var v in values) cmd.Parameters.Add(new() { Value = v });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
