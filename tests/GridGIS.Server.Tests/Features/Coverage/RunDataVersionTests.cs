using System.Text.Json;
using GridGIS.Server.Data;
using GridGIS.Server.Tests.Infrastructure;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Coverage;

/// <summary>
/// A run's data version (CreateRun.sql) names exactly the inputs a run reads. The privacy rule withholds a unit whose
/// figures differ by 1-4 households between two runs of the same data; a version that also moved with tables no run
/// reads (the basemap, the coverage runs' own counter) made two runs of the same households look like different
/// data, and the differencing rule stopped applying between them.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class RunDataVersionTests(PostgisFixture fx)
{
    private async Task<JsonElement> NewRunVersionAsync()
    {
        await using var cmd = fx.Db.CreateCommand(Sql.Get("Features/Coverage/CreateRun.sql"));
        cmd.Parameters.Add(new NpgsqlParameter { Value = "euclidean" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = "test" });
        cmd.Parameters.Add(new NpgsqlParameter { Value = 1.0 });
        cmd.Parameters.Add(new NpgsqlParameter { Value = true });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DateTime.UtcNow });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        cmd.Parameters.Add(new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text });
        long id;
        await using (var r = await cmd.ExecuteReaderAsync()) { await r.ReadAsync(); id = r.GetInt64(0); }
        await using var read = fx.Db.CreateCommand("select parameters -> 'data_version' from coverage_run where id = $1");
        read.Parameters.Add(new NpgsqlParameter { Value = id });
        await using var cleanup = fx.Db.CreateCommand("delete from coverage_run where id = $1");
        cleanup.Parameters.Add(new NpgsqlParameter { Value = id });
        var version = JsonDocument.Parse((string)(await read.ExecuteScalarAsync())!).RootElement.Clone();
        await cleanup.ExecuteNonQueryAsync();
        return version;
    }

    private async Task ExecAsync(string sql)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        await cmd.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task DataVersion_StaysTheSame_WhenOnlyTablesNoRunReadsChange()
    {
        var before = await NewRunVersionAsync();
        await ExecAsync("insert into basemap_feature (kind, class, name, geom) values ('road', 'footway', 'version test', st_geomfromtext('LINESTRING(116 40,116.001 40)', 4326))");
        await ExecAsync("delete from basemap_feature where name = 'version test'");
        var after = await NewRunVersionAsync();
        Assert.Equal(before.GetRawText(), after.GetRawText());
    }

    [Fact]
    public async Task DataVersion_Changes_WhenHouseholdsChange()
    {
        var before = await NewRunVersionAsync();
        await ExecAsync("update household set residents = residents where false");   // a write statement, whatever rows it touches
        var after = await NewRunVersionAsync();
        Assert.NotEqual(before.GetRawText(), after.GetRawText());
    }
}
