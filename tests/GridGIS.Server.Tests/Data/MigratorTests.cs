using GridGIS.Server.Data;
using Npgsql;

namespace GridGIS.Server.Tests.Data;

/// <summary>
/// The migrator on a real, empty PostgreSQL database of its own (no PostGIS needed: the scripts here
/// create plain tables), with the scripts given through <see cref="Migrator.MigrateAsync(NpgsqlDataSource, IReadOnlyList{Migrator.Script}, Action{string}?, CancellationToken)"/>.
/// </summary>
public sealed class MigratorTests : IAsyncLifetime
{
    private readonly NpgsqlConnectionStringBuilder _admin = new(Environment.GetEnvironmentVariable("GRIDGIS_TEST_ADMIN_DB")
        ?? throw new InvalidOperationException("GRIDGIS_TEST_ADMIN_DB is not set: run the tests through scripts/test")) { Database = "postgres", Pooling = false };
    private readonly string _name = $"gridgis_it_mig_{Guid.NewGuid():N}"[..40];
    private NpgsqlDataSource _db = null!;

    private static Migrator.Script Table(int version, string table) =>
        new(version, $"{version:0000}_{table}.sql", $"create table {table} (id int)");

    [Fact]
    public async Task Migrate_AppliesEachScriptOnce_InNumberOrder()
    {
        Assert.Equal(2, await Migrator.MigrateAsync(_db, [Table(2, "second"), Table(1, "first")]));
        Assert.Equal(1, await Migrator.MigrateAsync(_db, [Table(1, "first"), Table(2, "second"), Table(6, "sixth")]));
        Assert.Equal(0, await Migrator.MigrateAsync(_db, [Table(1, "first"), Table(2, "second"), Table(6, "sixth")]));
        Assert.Equal(["1 0001_first.sql", "2 0002_second.sql", "6 0006_sixth.sql"], await AppliedAsync());
    }

    [Fact]
    public async Task Migrate_RefusesAndAppliesNothing_WhenAScriptIsNumberedBelowTheHighestApplied()
    {
        await Migrator.MigrateAsync(_db, [Table(1, "first"), Table(6, "sixth")]);

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Migrator.MigrateAsync(_db, [Table(1, "first"), Table(3, "late"), Table(6, "sixth"), Table(7, "seventh")]));

        Assert.Contains("0003_late.sql", e.Message, StringComparison.Ordinal);
        Assert.Contains("0006_sixth.sql", e.Message, StringComparison.Ordinal);
        Assert.Equal(["1 0001_first.sql", "6 0006_sixth.sql"], await AppliedAsync());
        Assert.False(await TableExistsAsync("late"));
        Assert.False(await TableExistsAsync("seventh"));   // nothing at all, not even the scripts above the highest
    }

    [Fact]
    public async Task Migrate_Refuses_WhenTwoScriptsHaveOneNumber()
    {
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Migrator.MigrateAsync(_db, [Table(1, "first"), new Migrator.Script(1, "0001_other.sql", "create table other (id int)")]));
        Assert.Contains("0001_other.sql", e.Message, StringComparison.Ordinal);
        Assert.False(await TableExistsAsync("first"));
    }

    [Fact]
    public void Embedded_AreNumberedUniquely_InOrder()
    {
        var scripts = Migrator.Embedded();
        Assert.NotEmpty(scripts);
        Assert.Equal(scripts.Select(s => s.Version).Distinct().Order(), scripts.Select(s => s.Version));
        Assert.All(scripts, s => Assert.StartsWith($"{s.Version:0000}_", s.Name, StringComparison.Ordinal));
    }

    private async Task<List<string>> AppliedAsync()
    {
        var rows = new List<string>();
        await using var cmd = _db.CreateCommand("select version || ' ' || name from schema_migration order by version");
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) rows.Add(r.GetString(0));
        return rows;
    }

    private async Task<bool> TableExistsAsync(string table)
    {
        await using var cmd = _db.CreateCommand("select to_regclass($1) is not null");
        cmd.Parameters.Add(new() { Value = table });
        return (bool)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task InitializeAsync()
    {
        await using (var c = new NpgsqlConnection(_admin.ConnectionString))
        {
            await c.OpenAsync();
            await using var cmd = new NpgsqlCommand($"create database \"{_name}\"", c);
            await cmd.ExecuteNonQueryAsync();
        }
        _db = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_admin.ConnectionString) { Database = _name }.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await using var c = new NpgsqlConnection(_admin.ConnectionString);
        await c.OpenAsync();
        await using var cmd = new NpgsqlCommand($"drop database if exists \"{_name}\" with (force)", c);
        await cmd.ExecuteNonQueryAsync();
    }
}
