using System.Globalization;
using GridGIS.Server.Tests.Infrastructure;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Grids;

/// <summary>
/// Hand-made streets, communities, grids, workers and households for one test, placed at a random
/// spot in China so that tests sharing the fixture database never touch each other's rows.
/// Coordinates are given relative to <see cref="Lon0"/>/<see cref="Lat0"/> in units of 0.001 degree.
/// </summary>
internal sealed class GridTestData(PostgisFixture fx)
{
    private static int _counter = Random.Shared.Next(1000, 9000);
    private readonly int _n = Interlocked.Increment(ref _counter);

    public double Lon0 { get; } = 100 + Random.Shared.Next(0, 300) * 0.1;
    public double Lat0 { get; } = 25 + Random.Shared.Next(0, 150) * 0.1;

    /// <summary>A unique 15-digit grid code prefix for this test: 6 + 3 + 3 digits.</summary>
    public string Prefix => $"99{_n:0000}{Random.Shared.Next(100000, 999999)}";

    private string? _prefix;
    private string P => _prefix ??= Prefix;

    public string Box(double x0, double y0, double x1, double y1) =>
        string.Create(CultureInfo.InvariantCulture,
            $"POLYGON(({X(x0)} {Y(y0)}, {X(x1)} {Y(y0)}, {X(x1)} {Y(y1)}, {X(x0)} {Y(y1)}, {X(x0)} {Y(y0)}))");

    public double X(double x) => Math.Round(Lon0 + x * 0.001, 9);
    public double Y(double y) => Math.Round(Lat0 + y * 0.001, 9);

    public async Task<int> CommunityAsync(string wkt)
    {
        var street = await ScalarAsync<int>(
            "insert into street (code, name_zh, name_en, geom) values ($1, '测试街道', 'Test', st_multi(st_geomfromtext($2, 4326))) returning id",
            P[..9], wkt);
        return await ScalarAsync<int>(
            "insert into community (code, street_id, name_zh, geom) values ($1, $2, '测试社区', st_multi(st_geomfromtext($3, 4326))) returning id",
            P[..12], street, wkt);
    }

    /// <summary>A grid with code prefix + <paramref name="suffix"/> (3 digits).</summary>
    public async Task<int> GridAsync(int communityId, string suffix, string wkt, int? workerId = null, string kind = "ordinary") =>
        await ScalarAsync<int>(
            "insert into grid (code, community_id, geom, worker_id, kind) values ($1, $2, st_multi(st_geomfromtext($3, 4326)), $4, $5) returning id",
            P[..12] + suffix, communityId, wkt, (object?)workerId ?? DBNull.Value, kind);

    public string Code(string suffix) => P[..12] + suffix;

    public async Task<int> WorkerAsync(string name, string[] languages, string? userName = null) =>
        await ScalarAsync<int>("insert into grid_worker (name, languages, user_name) values ($1, $2, $3) returning id",
            name, languages, userName ?? $"unlinked-{Guid.NewGuid():N}");

    /// <summary>A household at (x, y) in 0.001-degree units from the origin; grid left null unless given.</summary>
    public async Task<long> HouseholdAsync(double x, double y, int residents = 3, int foreign = 0, string nationalities = "{}", int? gridId = null) =>
        await ScalarAsync<long>(
            "insert into household (geom, residents, foreign_residents, nationalities, grid_id, address) values (st_setsrid(st_makepoint($1, $2), 4326), $3, $4, $5::jsonb, $6, $7) returning id",
            X(x), Y(y), residents, foreign, nationalities, (object?)gridId ?? DBNull.Value, $"测试路 {x},{y}");

    public async Task<T> ScalarAsync<T>(string sql, params object?[] args)
    {
        await using var cmd = fx.Db.CreateCommand(sql);
        foreach (var a in args)
            cmd.Parameters.Add(a is null or DBNull ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer } : new NpgsqlParameter { Value = a });
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<int?> GridOfAsync(long householdId)
    {
        await using var cmd = fx.Db.CreateCommand("select grid_id from household where id = $1");
        cmd.Parameters.Add(new() { Value = householdId });
        return await cmd.ExecuteScalarAsync() as int?;
    }

    /// <summary>Row count and an md5 over every household row: equal before and after means nothing was written.</summary>
    public async Task<string> HouseholdChecksumAsync() =>
        await ScalarAsync<string>("select count(*) || ':' || coalesce(md5(string_agg(h::text, '|' order by id)), '') from household h");

    public async Task<long> AuditCountAsync(string action) =>
        await ScalarAsync<long>("select count(*) from audit_log where action = $1", action);
}
