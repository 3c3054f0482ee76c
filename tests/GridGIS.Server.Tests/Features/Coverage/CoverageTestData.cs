using System.Globalization;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Coverage;

/// <summary>
/// A small generated dataset for coverage tests (generated, not real): 2 streets x 2 communities x 12
/// grids of 0.004 deg in a 0.032 x 0.024 deg block of Beijing, households at random points in each
/// grid, four categories (one with no facility at all), and a lattice walking network (0.001 deg).
/// Codes carry a 3-digit tag so that several datasets can share a database.
/// </summary>
internal static class CoverageTestData
{
    public sealed record Dataset(string Tag, string[] Categories, string EmptyCategory, double MinLon, double MinLat);

    public static async Task<Dataset> InsertAsync(NpgsqlDataSource db, int tag, int householdsPerGrid = 40, double seed = 0.42,
        double minLon = 116.44, double minLat = 39.92)
    {
        var t = tag.ToString("000", CultureInfo.InvariantCulture);
        string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        var sql = $"""
            select setseed({F(seed)});
            insert into street (code, name_zh, name_en, geom, geometry_note)
            select '98{t}000' || s, '测试街道' || s, 'Test street ' || s,
                   st_multi(st_makeenvelope({F(minLon)} + (s - 1) * 0.016, {F(minLat)}, {F(minLon)} + s * 0.016, {F(minLat)} + 0.024, 4326)),
                   'generated for tests'
            from generate_series(1, 2) s;
            insert into community (code, street_id, name_zh, name_en, geom)
            select st.code || lpad(c::text, 3, '0'), st.id, '测试社区' || c, 'Test community ' || c,
                   st_multi(st_makeenvelope(st_xmin(st.geom), st_ymin(st.geom) + (c - 1) * 0.012, st_xmax(st.geom), st_ymin(st.geom) + c * 0.012, 4326))
            from street st, generate_series(1, 2) c where st.code like '98{t}%';
            insert into grid (code, community_id, name, geom)
            select cm.code || lpad((i * 3 + j + 1)::text, 3, '0'), cm.id, 'grid ' || i || '-' || j,
                   st_multi(st_makeenvelope(st_xmin(cm.geom) + i * 0.004, st_ymin(cm.geom) + j * 0.004,
                                            st_xmin(cm.geom) + (i + 1) * 0.004, st_ymin(cm.geom) + (j + 1) * 0.004, 4326))
            from community cm, generate_series(0, 3) i, generate_series(0, 2) j where cm.code like '98{t}%';
            insert into household (geom, residents, foreign_residents, grid_id, street_id, generated)
            select st_setsrid(st_makepoint(x, y), 4326), r, case when f < 0.2 then least(r, 1 + floor(f * 10)::int) else 0 end, gid, sid, true
            from (select st_xmin(g.geom) + random() * 0.004 x, st_ymin(g.geom) + random() * 0.004 y,
                         1 + floor(random() * 4)::int r, random() f, g.id gid, cm.street_id sid
                  from grid g join community cm on cm.id = g.community_id, generate_series(1, {householdsPerGrid}) k
                  where g.code like '98{t}%' order by g.id, k) h;
            insert into facility_category (code, name_zh, name_en, walk_minutes, walk_metres) values
                ('cv{t}_clinic', '测试诊所', 'Test clinic', 15, null),
                ('cv{t}_school', '测试小学', 'Test primary school', 15, 500),
                ('cv{t}_kinder', '测试幼儿园', 'Test kindergarten', 15, 300),
                ('cv{t}_library', '测试图书馆', 'Test library (no facility)', 15, null);
            insert into facility (category_code, name, geom, capacity, generated)
            select 'cv{t}_' || c.k, c.k || ' ' || n,
                   st_setsrid(st_makepoint({F(minLon)} + 0.002 + random() * 0.028, {F(minLat)} + 0.002 + random() * 0.020), 4326),
                   case when n % 4 = 0 then null else 50 + floor(random() * 350)::int end, true
            from (values ('clinic', 3), ('school', 6), ('kinder', 10)) c (k, cnt), generate_series(1, c.cnt) n;
            insert into walk_node (id, geom)
            select {tag} * 100000 + i * 100 + j, st_setsrid(st_makepoint({F(minLon)} + i * 0.001, {F(minLat)} + j * 0.001), 4326)
            from generate_series(0, 32) i, generate_series(0, 24) j;
            insert into walk_edge (source, target, length_m, kind, geom)
            select a.id, b.id, st_length(st_makeline(a.geom, b.geom)::geography), 'street', st_makeline(a.geom, b.geom)
            from walk_node a join walk_node b
              on (b.id = a.id + 100 or (b.id = a.id + 1 and (a.id % 100) < 24))
            where a.id / 100000 = {tag} and b.id / 100000 = {tag};
            """;
        await using var conn = await db.OpenConnectionAsync();
        await using var batch = new NpgsqlCommand(sql, conn);
        await batch.ExecuteNonQueryAsync();
        return new Dataset(t, [$"cv{t}_clinic", $"cv{t}_kinder", $"cv{t}_library", $"cv{t}_school"], $"cv{t}_library", minLon, minLat);
    }
}
