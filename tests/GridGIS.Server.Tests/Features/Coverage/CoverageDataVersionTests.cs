using System.Text.Json;
using GridGIS.Server.Security;

namespace GridGIS.Server.Tests.Features.Coverage;

/// <summary>
/// The data version a run records comes from the tables' change counters (migration 0011): a change made by hand
/// in SQL, behind GridGIS's back, still reaches the next run instead of the worker's cached households.
/// </summary>
public sealed class CoverageDataVersionTests(CoverageDatabase cov) : IClassFixture<CoverageDatabase>
{
    [Fact]
    public async Task NextRun_SeesAHouseholdMovedToAnotherGridByHandInSql_ThoughNoCountOrSumChanged()
    {
        var admin = await cov.ClientAsAsync(Roles.Administrator);
        var category = cov.Data.Categories[0];
        var first = await cov.CompleteRunAsync(admin);
        var before = await GridHouseholdsAsync(admin, first, category);
        var versionBefore = await HouseholdVersionAsync();

        // One statement behind GridGIS's back: one household moves to another grid. Rows, ids, residents and the
        // audit log stay as they were (what the data version used to be made of).
        long from, to;
        await using (var cmd = cov.Db.Db.CreateCommand("""
            with h as (select id, grid_id from household where grid_id is not null order by id limit 1),
                 g as (select min(id) as id from grid where id <> (select grid_id from h) and id in (select grid_id from household))
            update household set grid_id = g.id from h, g where household.id = h.id returning h.grid_id, g.id
            """))
        await using (var r = await cmd.ExecuteReaderAsync())
        {
            Assert.True(await r.ReadAsync());
            (from, to) = (r.GetInt32(0), r.GetInt32(1));
        }
        Assert.True(await HouseholdVersionAsync() > versionBefore);

        var second = await cov.CompleteRunAsync(admin);
        var after = await GridHouseholdsAsync(admin, second, category);
        Assert.Equal(before[(int)from] - 1, after.GetValueOrDefault((int)from));
        Assert.Equal(before[(int)to] + 1, after[(int)to]);
    }

    [Fact]
    public async Task ChangeCounter_StaysPut_WhenTheWritingTransactionRollsBack()
    {
        var before = await HouseholdVersionAsync();
        await using (var conn = await cov.Db.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await using var cmd = new Npgsql.NpgsqlCommand("update household set residents = residents where id = (select min(id) from household)", conn, tx);
            await cmd.ExecuteNonQueryAsync();
            await tx.RollbackAsync();
        }
        Assert.Equal(before, await HouseholdVersionAsync());
    }

    private async Task<long> HouseholdVersionAsync()
    {
        await using var cmd = cov.Db.Db.CreateCommand("select version from data_change where table_name = 'household'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private static async Task<Dictionary<int, long>> GridHouseholdsAsync(HttpClient admin, long run, string category)
    {
        using var doc = JsonDocument.Parse(await admin.GetStringAsync($"/api/coverage/runs/{run}?level=grid&category={category}"));
        return doc.RootElement.GetProperty("units").EnumerateArray()
            .ToDictionary(u => u.GetProperty("unitId").GetInt32(), u => u.GetProperty("households").GetInt64());
    }
}
