using System.Globalization;
using System.Net.Http.Json;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Security;
using GridGIS.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace GridGIS.Server.Tests.Features.Network;

/// <summary>
/// The real OpenStreetMap extracts of data/osm/ (Wangjing, Haidian, Nanjing), each imported through the API into a
/// database of its own with its city's metric CRS: for 200 random pairs of nodes the walk from
/// <c>GET /api/network/distance</c> equals pgRouting's <c>pgr_dijkstra</c> on the imported edges (directed: one-way
/// edges one way) to 1 cm, both say unreachable alike, and no walk is shorter than the geodesic between its ends.
/// </summary>
public sealed class OsmExtractDistanceTests(ITestOutputHelper output)
{
    private const int Pairs = 200;

    [Theory]
    [InlineData("beijing_chaoyang_wangjing.osm", 4548)]
    [InlineData("beijing_haidian_cau.osm", 4548)]
    [InlineData("nanjing_xinjiekou.osm", 4549)]
    public async Task Distance_EqualsPgrDijkstra_OnARealExtract(string file, int metricEpsg)
    {
        await using var own = await OwnDatabase.CreateAsync(metricEpsg);
        var admin = await own.ClientAsAsync(Roles.Administrator);
        var bytes = await File.ReadAllBytesAsync(Path.Combine(ServerProcess.FindRoot(), "data", "osm", file));
        var response = await admin.PostAsync("/api/network/import/osm?mode=replace", new ByteArrayContent(bytes));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var result = (await response.Content.ReadFromJsonAsync<OsmImportResult>())!;
        var n = result.Network;
        output.WriteLine($"{file}: {result.WaysKept} of {result.WaysSeen} ways walkable, {result.Edges} edges, {result.Nodes} nodes, " +
            $"{result.BlockingBarriers} closed barriers, {result.AreaCrossings} area crossings; {n.Metres:F1} m, {n.Components} components " +
            $"(largest {n.Largest[0].Metres:F1} m), {n.DeadEnds} dead ends, {n.ShareOutsideLargest:P2} of the length outside the largest");
        Assert.True(result.Edges > 500, $"{result.Edges} edges");

        // nodes that have an edge and share their position with no other node (the two sides of a closed gate do)
        var nodes = new List<(long Id, double Lon, double Lat)>();
        await using (var cmd = own.Db.CreateCommand("""
            select n.id, st_x(n.geom), st_y(n.geom) from walk_node n
             where exists (select 1 from walk_edge e where n.id in (e.source, e.target))
               and not exists (select 1 from walk_node o where o.id <> n.id and st_dwithin(o.geom::geography, n.geom::geography, 0.05))
             order by n.id
            """))
        await using (var r = await cmd.ExecuteReaderAsync())
            while (await r.ReadAsync()) nodes.Add((r.GetInt64(0), r.GetDouble(1), r.GetDouble(2)));
        var random = new Random(15);
        var pairs = new List<((long Id, double Lon, double Lat), (long Id, double Lon, double Lat))>();
        while (pairs.Count < Pairs)
            if ((nodes[random.Next(nodes.Count)], nodes[random.Next(nodes.Count)]) is var p && p.Item1.Id != p.Item2.Id) pairs.Add(p);

        var reference = await DijkstraAsync(own, pairs.Select(p => (p.Item1.Id, p.Item2.Id)).ToList());
        int reachable = 0, checkedPairs = 0;
        foreach (var (a, b) in pairs)
        {
            var walk = (await admin.GetFromJsonAsync<NetworkDistance>(
                $"/api/network/distance?from={F(a.Lon)},{F(a.Lat)}&to={F(b.Lon)},{F(b.Lat)}"))!;
            var expected = reference.GetValueOrDefault((a.Id, b.Id), double.PositiveInfinity);
            Assert.True(walk.Reachable == double.IsFinite(expected), $"{a.Id} -> {b.Id}: API reachable {walk.Reachable}, pgr_dijkstra {expected} m");
            checkedPairs++;
            if (!walk.Reachable) continue;
            reachable++;
            Assert.True(Math.Abs(walk.Metres!.Value - expected) <= 0.01, $"{a.Id} -> {b.Id}: API {walk.Metres} m, pgr_dijkstra {expected} m");
            var straight = await GeodesicAsync(own, a, b);
            Assert.True(walk.Metres >= straight - 1e-6, $"{a.Id} -> {b.Id}: walk {walk.Metres} m is shorter than the geodesic {straight} m");
        }
        output.WriteLine($"{checkedPairs} pairs, {reachable} reachable, all equal to pgr_dijkstra to 1 cm");
        Assert.True(reachable >= Pairs / 4, $"only {reachable} of {checkedPairs} pairs reachable: the network is in pieces");
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>pgr_dijkstra's walking metres for each pair (directed: a one-way edge has no reverse cost); absent when unreachable.</summary>
    private static async Task<Dictionary<(long, long), double>> DijkstraAsync(OwnDatabase own, List<(long From, long To)> pairs)
    {
        await using var conn = await own.Db.OpenConnectionAsync();
        await using (var create = new Npgsql.NpgsqlCommand("create temp table pair (source bigint, target bigint)", conn)) await create.ExecuteNonQueryAsync();
        await using (var w = await conn.BeginBinaryImportAsync("copy pair (source, target) from stdin (format binary)"))
        {
            foreach (var (f, t) in pairs) { await w.StartRowAsync(); await w.WriteAsync(f); await w.WriteAsync(t); }
            await w.CompleteAsync();
        }
        var costs = new Dictionary<(long, long), double>();
        await using var cmd = new Npgsql.NpgsqlCommand("""
            select start_vid, end_vid, agg_cost from pgr_dijkstra(
              'select id, source, target, length_m as cost, case when oneway then -1 else length_m end as reverse_cost from walk_edge',
              'select source, target from pair', directed => true)
             where edge = -1
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) costs[(r.GetInt64(0), r.GetInt64(1))] = r.GetDouble(2);
        return costs;
    }

    private static async Task<double> GeodesicAsync(OwnDatabase own, (long Id, double Lon, double Lat) a, (long Id, double Lon, double Lat) b)
    {
        await using var cmd = own.Db.CreateCommand("select st_distance(st_makepoint($1, $2)::geography, st_makepoint($3, $4)::geography, true)");
        foreach (var v in new[] { a.Lon, a.Lat, b.Lon, b.Lat }) cmd.Parameters.Add(new() { Value = v });
        return (double)(await cmd.ExecuteScalarAsync())!;
    }
}
