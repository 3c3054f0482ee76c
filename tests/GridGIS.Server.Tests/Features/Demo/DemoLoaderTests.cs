using GridGIS.Server.Features.Demo;
using GridGIS.Server.Tests.Infrastructure;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Demo;

/// <summary>A database of its own (not shared with other tests, since a demo load replaces demo rows), loaded once at scale 0.02.</summary>
public sealed class DemoLoadFixture : IAsyncLifetime
{
    public const double Scale = 0.02;
    public const int Seed = 7;
    public PostgisFixture Db { get; } = new();
    public List<string> Log { get; } = [];

    public async Task InitializeAsync()
    {
        await Db.InitializeAsync();
        await DemoLoader.LoadAsync(Db.Db, Scale, Seed, false, Log.Add);
    }

    public Task DisposeAsync() => Db.DisposeAsync();
}

public sealed class DemoLoaderTests(DemoLoadFixture fx) : IClassFixture<DemoLoadFixture>
{
    private NpgsqlDataSource Db => fx.Db.Db;

    [Fact]
    public async Task LoadAsync_StreetSumsEqualRoundedPublished_AtSmallScale()
    {
        await using var cmd = Db.CreateCommand("""
            select s.code, p.total, p.foreign_residents,
                   coalesce(sum(h.residents), 0), coalesce(sum(h.foreign_residents), 0),
                   round($1::numeric * p.total), round($1::numeric * p.foreign_residents)
              from street s join street_published_population p on p.street_id = s.id
              left join household h on h.street_id = s.id
             group by s.code, p.total, p.foreign_residents order by s.code
            """);
        cmd.Parameters.Add(new() { Value = (decimal)DemoLoadFixture.Scale });
        await using var r = await cmd.ExecuteReaderAsync();
        var rows = 0;
        while (await r.ReadAsync())
        {
            rows++;
            Assert.True(r.GetInt64(3) == r.GetDecimal(5), $"street {r.GetString(0)}: residents {r.GetInt64(3)}, expected {r.GetDecimal(5)}");
            Assert.True(r.GetInt64(4) == r.GetDecimal(6), $"street {r.GetString(0)}: foreign residents {r.GetInt64(4)}, expected {r.GetDecimal(6)}");
        }
        Assert.Equal(23, rows);
        Assert.Equal(2274562L, await ScalarAsync("select sum(total) from street_published_population"));
        Assert.Equal(39502L, await ScalarAsync("select sum(foreign_residents) from street_published_population"));
    }

    [Fact]
    public async Task LoadAsync_PolygonsAreValid_AndHouseholdsLieInTheirGrid()
    {
        Assert.Equal(0L, await ScalarAsync("""
            select (select count(*) from street where not st_isvalid(geom))
                 + (select count(*) from community where not st_isvalid(geom))
                 + (select count(*) from grid where not st_isvalid(geom))
            """));
        Assert.Equal(309L, await ScalarAsync("select count(*) from community"));
        Assert.True(await ScalarAsync("select count(*) from household") > 10_000);
        Assert.Equal(0L, await ScalarAsync("select count(*) from household h left join grid g on g.id = h.grid_id where g.id is null or not st_covers(g.geom, h.geom)"));
        Assert.Equal(0L, await ScalarAsync("""
            select count(*) from household h join grid g on g.id = h.grid_id join community c on c.id = g.community_id
             where c.street_id <> h.street_id or not h.generated
            """));
    }

    [Fact]
    public async Task LoadAsync_LinksDemoWorkerAccount_ToWangjingGrids()
    {
        var grids = await ScalarAsync("""
            select count(*) from grid g join grid_worker w on w.id = g.worker_id join community c on c.id = g.community_id
              join street s on s.id = c.street_id where w.user_name = 'worker' and s.name_en = 'Wangjing'
            """);
        Assert.InRange(grids, 1, 3);
    }

    [Fact]
    public async Task LoadAsync_NetworkEdgesMeasureTheirGeometry()
    {
        // length_m is computed in the local metric CRS; PostGIS's geodesic length must agree within 0.5%.
        Assert.Equal(0L, await ScalarAsync("select count(*) from walk_edge where abs(st_length(geom::geography) - length_m) > 0.005 * length_m + 0.05"));
        Assert.Equal(0L, await ScalarAsync("""
            select count(*) from walk_edge e join walk_node a on a.id = e.source join walk_node b on b.id = e.target
             where not (st_equals(st_startpoint(e.geom), a.geom) and st_equals(st_endpoint(e.geom), b.geom))
            """));
    }

    [Fact]
    public async Task LoadAsync_Skips_WhenSameScaleSeedAndVersionAreLoaded()
    {
        var meta = await TextAsync("select value::text from dataset_meta where key = 'demo'");
        var log = new List<string>();
        await DemoLoader.LoadAsync(Db, DemoLoadFixture.Scale, DemoLoadFixture.Seed, false, log.Add);
        Assert.Contains(log, l => l.Contains("already loaded"));
        Assert.Equal(meta, await TextAsync("select value::text from dataset_meta where key = 'demo'"));
    }

    [Fact]
    public async Task LoadAsync_LeavesNoDuplicates_WhenForced()
    {
        const string counts = """
            select format('%s %s %s %s %s %s %s %s', (select count(*) from street), (select count(*) from community),
                   (select count(*) from grid), (select count(*) from grid_worker), (select count(*) from household),
                   (select count(*) from facility), (select count(*) from walk_node), (select count(*) from walk_edge))
            """;
        var before = await TextAsync(counts);
        var log = new List<string>();
        await DemoLoader.LoadAsync(Db, DemoLoadFixture.Scale, DemoLoadFixture.Seed, true, log.Add);
        Assert.Contains(log, l => l.StartsWith("COPY household", StringComparison.Ordinal));
        Assert.Equal(before, await TextAsync(counts));
        Assert.Equal(0L, await ScalarAsync("select count(*) - count(distinct code) from grid"));
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var cmd = Db.CreateCommand(sql);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync());
    }

    private async Task<string?> TextAsync(string sql)
    {
        await using var cmd = Db.CreateCommand(sql);
        return (string?)await cmd.ExecuteScalarAsync();
    }
}
