using GridGIS.Core.Geo;
using GridGIS.Server.Features.Network;
using GridGIS.Server.Tests.Infrastructure;

namespace GridGIS.Server.Tests.Features.Network;

/// <summary>
/// The one network store of a process (binary COPY, renumbered in spatial order, keyed by the change counters), on
/// real PostGIS.
/// </summary>
public sealed class WalkNetworkStoreTests(PostgisFixture db) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task LoadAsync_KeepsEveryEdgeWithItsEndsLengthAndBends_InWhateverOrderItNumbersThem()
    {
        // Four nodes in a row east-west 0.001 deg apart; a straight edge, a bent edge drawn target -> source, a one-way edge.
        await using (var cmd = db.Db.CreateCommand("""
            insert into walk_node (id, geom) select 900 + i, st_setsrid(st_makepoint(116.45 + i * 0.001, 39.95), 4326) from generate_series(0, 3) i;
            insert into walk_edge (source, target, length_m, oneway, kind, geom) values
              (900, 901, 85.3, false, 'street', st_setsrid(st_makeline(st_makepoint(116.450, 39.95), st_makepoint(116.451, 39.95)), 4326)),
              (901, 902, 120.0, false, 'path', st_setsrid(st_makeline(array[st_makepoint(116.452, 39.95), st_makepoint(116.4515, 39.9505), st_makepoint(116.451, 39.95)]), 4326)),
              (902, 903, 85.3, true, 'street', st_setsrid(st_makeline(st_makepoint(116.452, 39.95), st_makepoint(116.453, 39.95)), 4326));
            """))
            await cmd.ExecuteNonQueryAsync();

        var projection = PostgisFixture.City.Projection;
        var stored = await WalkNetworkStore.LoadAsync(db.Db, projection, CancellationToken.None);
        var net = stored.Network;

        Assert.Equal(4, net.NodeCount);
        Assert.Equal(3, net.EdgeCount);
        int Node(double lon) => Enumerable.Range(0, net.NodeCount).Single(n =>
            Math.Abs(net.NodeX(n) - projection.Forward(lon, 39.95).X) < 0.01 && Math.Abs(net.NodeY(n) - projection.Forward(lon, 39.95).Y) < 0.01);
        int Edge(int s, int t) => Enumerable.Range(0, net.EdgeCount).Single(e => net.EdgeSource(e) == s && net.EdgeTarget(e) == t);
        var (n0, n1, n2, n3) = (Node(116.450), Node(116.451), Node(116.452), Node(116.453));

        var straight = Edge(n0, n1);
        Assert.Equal((85.3, false, 2), (net.EdgeLength(straight), net.EdgeOneway(straight), net.EdgeVertexCount(straight)));
        var bent = Edge(n1, n2);
        Assert.Equal(3, net.EdgeVertexCount(bent));
        // drawn from the target: turned round so that it runs from its source node to its target node
        Assert.Equal((net.NodeX(n1), net.NodeY(n1)), net.EdgeVertex(bent, 0), new TupleNear(0.01));
        Assert.Equal((net.NodeX(n2), net.NodeY(n2)), net.EdgeVertex(bent, 2), new TupleNear(0.01));
        Assert.True(net.EdgeVertex(bent, 1).Y > net.NodeY(n1) + 40);                     // the bend, 0.0005 deg north
        Assert.Equal(120.0, net.EdgeLength(bent));
        Assert.True(net.EdgeOneway(Edge(n2, n3)));
        // the database ids of the engine's nodes and edges
        Assert.Equal(new long[] { 900, 901, 902, 903 }, new[] { n0, n1, n2, n3 }.Select(n => stored.NodeIds[n]));
        Assert.Equal(3, stored.EdgeIds.Distinct().Count());
    }

    private sealed class TupleNear(double tolerance) : IEqualityComparer<(double X, double Y)>
    {
        public bool Equals((double X, double Y) a, (double X, double Y) b) => Math.Abs(a.X - b.X) <= tolerance && Math.Abs(a.Y - b.Y) <= tolerance;
        public int GetHashCode((double X, double Y) obj) => 0;
    }
}

/// <summary>The store's copy and the database's change counters (migration 0011), on a database of its own.</summary>
public sealed class WalkNetworkStoreVersionTests(PostgisFixture db) : IClassFixture<PostgisFixture>
{
    [Fact]
    public async Task GetAsync_KeepsItsCopy_UntilAWriteMovesTheCounters_ThenServesTheNewNetwork()
    {
        var store = new WalkNetworkStore(db.Db, PostgisFixture.City);
        var first = await store.GetAsync();
        Assert.Same(first, await store.GetAsync());                      // nothing written: the same copy
        var edges = first.Network.EdgeCount;
        await using (var cmd = db.Db.CreateCommand("""
            insert into walk_node (id, geom) select 950 + i, st_setsrid(st_makepoint(116.46 + i * 0.001, 39.96), 4326) from generate_series(0, 1) i;
            insert into walk_edge (source, target, length_m, oneway, kind, geom)
            values (950, 951, 85.3, false, 'street', st_setsrid(st_makeline(st_makepoint(116.460, 39.96), st_makepoint(116.461, 39.96)), 4326));
            """))
            await cmd.ExecuteNonQueryAsync();

        var second = await store.GetAsync();
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(edges + 1, second.Network.EdgeCount);
        Assert.Contains(951L, second.NodeIds);
        Assert.Same(second, await store.GetAsync());
    }
}
