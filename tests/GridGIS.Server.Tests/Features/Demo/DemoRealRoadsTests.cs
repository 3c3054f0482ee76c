using System.Globalization;
using System.Net.Http.Json;
using GridGIS.Server.Data;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Tests.Infrastructure;
using Npgsql;

namespace GridGIS.Server.Tests.Features.Demo;

/// <summary>
/// The demo that scripts/test loaded has real roads in central Wangjing, joined to the generated network at the seam:
/// walks from real roads to generated streets outside (through <c>GET /api/network/distance</c>) are all reachable and
/// equal pgRouting's <c>pgr_dijkstra</c> on the stored edges to 1 cm.
/// </summary>
[Collection(PostgisCollection.Name)]
public sealed class DemoRealRoadsTests(PostgisFixture fx)
{
    private const int Pairs = 60;

    [Fact]
    public async Task Distance_CrossesTheSeam_AndEqualsPgrDijkstra_InTheDemo()
    {
        await using var db = Database.Create(PostgisFixture.DemoConnectionString!);
        await using (var kinds = db.CreateCommand("select count(*) filter (where kind like 'osm:%'), count(*) filter (where kind = 'seam') from walk_edge"))
        await using (var r = await kinds.ExecuteReaderAsync())
        {
            await r.ReadAsync();
            Assert.True(r.GetInt64(0) > 500, $"{r.GetInt64(0)} real (osm:*) edges in the demo");
            Assert.True(r.GetInt64(1) > 10, $"{r.GetInt64(1)} seam edges in the demo");
        }
        var real = await NodesAsync(db, "e.kind like 'osm:%'");
        var generated = await NodesAsync(db, """
            e.kind not like 'osm:%' and e.kind <> 'seam'
            and st_dwithin(n.geom::geography, st_setsrid(st_makepoint(116.4706, 39.9954), 4326)::geography, 2500)
            """);
        var random = new Random(15);
        var pairs = Enumerable.Range(0, Pairs).Select(i => i % 2 == 0
            ? (real[random.Next(real.Count)], generated[random.Next(generated.Count)])
            : (generated[random.Next(generated.Count)], real[random.Next(real.Count)])).ToList();
        var reference = await DijkstraAsync(db, pairs.Select(p => (p.Item1.Id, p.Item2.Id)).ToList());

        await using var host = DemoHosts.Create(fx);
        var client = await DemoHosts.ClientAsAsync(host, "planner");
        foreach (var (a, b) in pairs)
        {
            var walk = (await client.GetFromJsonAsync<NetworkDistance>($"/api/network/distance?from={F(a.Lon)},{F(a.Lat)}&to={F(b.Lon)},{F(b.Lat)}"))!;
            Assert.True(walk.Reachable, $"{a.Id} -> {b.Id} is not reachable across the seam");
            Assert.True(reference.TryGetValue((a.Id, b.Id), out var expected), $"pgr_dijkstra finds no walk {a.Id} -> {b.Id}");
            Assert.True(Math.Abs(walk.Metres!.Value - expected) <= 0.01, $"{a.Id} -> {b.Id}: API {walk.Metres} m, pgr_dijkstra {expected} m");
        }
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Nodes of edges matching <paramref name="edgeFilter"/> that share their position with no other node.</summary>
    private static async Task<List<(long Id, double Lon, double Lat)>> NodesAsync(NpgsqlDataSource db, string edgeFilter)
    {
        var nodes = new List<(long, double, double)>();
        await using var cmd = db.CreateCommand($"""
            select distinct n.id, st_x(n.geom), st_y(n.geom) from walk_node n join walk_edge e on n.id in (e.source, e.target)
             where {edgeFilter}
               and not exists (select 1 from walk_node o where o.id <> n.id and o.geom && st_expand(n.geom, 1e-6))
             order by n.id
            """);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) nodes.Add((r.GetInt64(0), r.GetDouble(1), r.GetDouble(2)));
        Assert.NotEmpty(nodes);
        return nodes;
    }

    private static async Task<Dictionary<(long, long), double>> DijkstraAsync(NpgsqlDataSource db, List<(long From, long To)> pairs)
    {
        var values = string.Join(",", pairs.Select(p => $"({p.From},{p.To})"));
        await using var cmd = db.CreateCommand($"""
            select start_vid, end_vid, agg_cost from pgr_dijkstra(
              'select id, source, target, length_m as cost, case when oneway then -1 else length_m end as reverse_cost from walk_edge',
              'select * from (values {values}) as p(source, target)', directed => true)
             where edge = -1
            """);
        var costs = new Dictionary<(long, long), double>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) costs[(r.GetInt64(0), r.GetInt64(1))] = r.GetDouble(2);
        return costs;
    }
}
