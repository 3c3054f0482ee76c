using GridGIS.Server.Features.Demo;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Demo;

/// <summary>
/// The demo's Wangjing step on a database of its own (small demo, seed 7): the real buildings of the Wangjing extract
/// arrive in the basemap and the street's generated households inside the extract move into residential ones, each in its
/// own grid, so that every per-grid figure stays; a second run changes nothing.
/// </summary>
public sealed class WangjingBuildingsTests
{
    private const string WangjingHouseholds = """
        select h.id, h.grid_id, st_astext(h.geom) from household h join street s on s.id = h.street_id
         where s.name_zh = '望京街道' and h.geom && st_makeenvelope(116.4595, 39.9867, 116.4817, 40.0041, 4326) order by h.id
        """;

    [Fact]
    public async Task EnsureAsync_MovesWangjingHouseholdsIntoRealResidentialBuildingsOfTheirOwnGrid_Once()
    {
        await using var fx = new PostgisFixture();
        await fx.InitializeAsync();
        await DemoLoader.LoadAsync(fx.Db, 0.02, 7, false, _ => { });
        var before = await ReadAsync(fx, WangjingHouseholds);
        var gridsBefore = await ReadAsync(fx, "select grid_id, count(*), sum(residents), sum(foreign_residents) from household group by grid_id order by 1");
        Assert.NotEmpty(before);

        var log = new List<string>();
        await WangjingBuildings.EnsureAsync(fx.Db, log.Add);
        var after = await ReadAsync(fx, WangjingHouseholds);
        Assert.Equal(gridsBefore, await ReadAsync(fx, "select grid_id, count(*), sum(residents), sum(foreign_residents) from household group by grid_id order by 1"));
        Assert.Equal(before.Select(r => (r[0], r[1])), after.Select(r => (r[0], r[1])));      // the same households, in the same grids
        var moved = before.Zip(after).Count(p => p.First[2] != p.Second[2]);
        Assert.True(moved > before.Count / 2, $"{moved} of {before.Count} Wangjing households moved");
        Assert.Equal(0, await CountAsync(fx, """
            select count(*) from household h join grid g on g.id = h.grid_id
             where h.id = any($1) and not (h.generated and st_intersects(g.geom, h.geom)
                   and exists (select 1 from basemap_feature b where b.kind = 'building' and b.source = 'osm' and st_intersects(b.geom, h.geom)))
            """, before.Zip(after).Where(p => p.First[2] != p.Second[2]).Select(p => long.Parse(p.First[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        Assert.True(await CountAsync(fx, "select count(*) from basemap_feature where kind = 'building' and source = 'osm'") > 200);

        await WangjingBuildings.EnsureAsync(fx.Db, log.Add);
        Assert.Equal(after, await ReadAsync(fx, WangjingHouseholds));
        Assert.Contains(log, l => l.Contains("already", StringComparison.Ordinal));
    }

    private static async Task<List<string[]>> ReadAsync(PostgisFixture fx, string sql)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await r.ReadAsync()) rows.Add(Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToArray());
        return rows;
    }

    private static async Task<long> CountAsync(PostgisFixture fx, string sql, params object[] args)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        foreach (var a in args) cmd.Parameters.Add(new() { Value = a });
        return (long)(await cmd.ExecuteScalarAsync())!;
    }
}
