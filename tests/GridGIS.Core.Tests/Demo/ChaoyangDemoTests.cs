using System.Security.Cryptography;
using System.Text;
using GridGIS.Core.Demo;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GridGIS.Core.Tests.Demo;

[Collection(DemoCollection.Name)]
public sealed class ChaoyangDemoTests(DemoFixture fx)
{
    [Theory]
    [InlineData(1.0)]
    [InlineData(0.1)]
    public void Generate_StreetTotalsEqualRoundedPublished_AtScale(double scale)
    {
        var d = scale == 1.0 ? fx.Full : fx.Tenth;
        Assert.Equal(23, d.Streets.Count);
        for (var s = 0; s < d.Streets.Count; s++)
        {
            var p = d.Streets[s].Published;
            var households = d.Households.Where(h => h.StreetIndex == s).ToList();
            Assert.Equal((int)Math.Round((decimal)scale * p.Total, MidpointRounding.AwayFromZero), households.Sum(h => h.Residents));
            Assert.Equal((int)Math.Round((decimal)scale * p.ForeignResidents, MidpointRounding.AwayFromZero), households.Sum(h => h.ForeignResidents));
        }
    }

    [Fact]
    public void Generate_DistrictTotalsEqualTable_AtFullScale()
    {
        var d = fx.Full;
        Assert.Equal(DemoFixture.Tables.Streets2010.Sum(s => s.Total), d.Households.Sum(h => h.Residents));
        Assert.Equal(DemoFixture.Tables.Streets2010.Sum(s => s.ForeignResidents), d.Households.Sum(h => h.ForeignResidents));
        var mean = d.Households.Average(h => h.Residents);
        Assert.InRange(mean, 2.6, 3.0);
        Assert.InRange(d.Households.Count, 700_000, 900_000);
    }

    [Theory]
    [InlineData(0.1, 264037, 26404)]
    [InlineData(0.1, 121495, 12150)]   // a half rounds away from zero, computed in decimal
    [InlineData(0.02, 12901, 258)]
    [InlineData(1.0, 45, 45)]
    public void Count_RoundsHalfAwayFromZero_InDecimal(double scale, int published, int expected) =>
        Assert.Equal(expected, DemoScale.Count(scale, published));

    [Fact]
    public void Generate_SameData_WhenSameSeedAndScale()
    {
        var again = ChaoyangDemo.Generate(DemoFixture.Tables, 0.1, DemoFixture.Seed);
        Assert.Equal(Hash(fx.Tenth), Hash(again));
    }

    [Fact]
    public void Generate_SameLayout_AtEveryScale()
    {
        var (tenth, full) = (fx.Tenth, fx.Full);
        Assert.Equal(tenth.Grids.Select(g => g.Code + g.Geometry.AsText()), full.Grids.Select(g => g.Code + g.Geometry.AsText()));
        Assert.Equal(tenth.Edges, full.Edges);
        Assert.Equal(tenth.Facilities.Select(f => (f.Name, f.Lon, f.Lat)), full.Facilities.Select(f => (f.Name, f.Lon, f.Lat)));
    }

    [Fact]
    public void Generate_CommunitiesPartitionTheirStreet()
    {
        var d = fx.Tenth;
        Assert.Equal(309, d.Communities.Count);
        for (var s = 0; s < d.Streets.Count; s++)
        {
            var street = Metric(d.Streets[s].Geometry);
            var parts = d.Communities.Where(c => c.StreetIndex == s).Select(c => Metric(c.Geometry)).ToList();
            Assert.Equal(DemoFixture.Tables.Communities2023.Count(c => c.StreetCode == d.Streets[s].Code), parts.Count);
            CheckPartition(street, parts, d.Streets[s].Code);
        }
    }

    [Fact]
    public void Generate_GridsPartitionTheirCommunity()
    {
        var d = fx.Tenth;
        for (var c = 0; c < d.Communities.Count; c++)
            CheckPartition(Metric(d.Communities[c].Geometry), d.Grids.Where(g => g.CommunityIndex == c).Select(g => Metric(g.Geometry)).ToList(), d.Communities[c].Code);
    }

    [Fact]
    public void Generate_GridCodesAre15DigitsUniqueAndNested()
    {
        var d = fx.Tenth;
        Assert.All(d.Grids, g =>
        {
            Assert.Matches("^[0-9]{15}$", g.Code);
            var community = d.Communities[g.CommunityIndex];
            Assert.Equal("110105" + d.Streets[community.StreetIndex].Code[^3..] + community.Code[^3..], g.Code[..12]);
        });
        Assert.Equal(d.Grids.Count, d.Grids.Select(g => g.Code).Distinct().Count());
        // about 400 households per grid at full scale
        Assert.InRange(fx.Full.Households.Count / (double)d.Grids.Count, 300, 500);
    }

    [Fact]
    public void Generate_HouseholdsAreConsistent()
    {
        Assert.All(fx.Tenth.Households, h =>
        {
            Assert.InRange(h.Residents, 1, 6);
            Assert.InRange(h.ForeignResidents, 0, h.Residents);
            Assert.Equal(h.ForeignResidents, h.Nationalities.Sum(n => n.Count));
            Assert.All(h.Nationalities, n => Assert.Matches("^[A-Z]{2}$", n.Country));
            Assert.Equal(fx.Tenth.Communities[fx.Tenth.Grids[h.GridIndex].CommunityIndex].StreetIndex, h.StreetIndex);
        });
    }

    [Fact]
    public void Generate_HouseholdsLieInTheirGrid()
    {
        var d = fx.Tenth;
        var locators = d.Grids.Select(g => new NetTopologySuite.Algorithm.Locate.IndexedPointInAreaLocator(g.Geometry)).ToArray();
        Assert.All(d.Households, h => Assert.NotEqual(Location.Exterior, locators[h.GridIndex].Locate(new Coordinate(h.Lon, h.Lat))));
    }

    [Fact]
    public void Generate_ForeignResidentsCluster_AsThePaperDescribes()
    {
        var d = fx.Tenth;
        var wangjing = d.Streets.ToList().FindIndex(s => s.NameEn == "Wangjing");
        var wangjingForeign = d.Households.Where(h => h.StreetIndex == wangjing).SelectMany(h => h.Nationalities).ToList();
        Assert.True(wangjingForeign.Where(n => n.Country == "KR").Sum(n => n.Count) > 0.7 * wangjingForeign.Sum(n => n.Count), "Wangjing mostly Korean");
        var grids = d.Households.GroupBy(h => h.GridIndex).Select(g => (Residents: g.Sum(h => h.Residents), Foreign: g.Sum(h => h.ForeignResidents))).ToList();
        Assert.Contains(grids, g => g.Foreign >= 0.1 * g.Residents && g.Residents >= 50);
        Assert.Contains(d.Grids, g => g.Kind == "foreign_resident");
        Assert.Contains(d.Grids, g => g.Kind == "ordinary");
    }

    [Fact]
    public void Generate_DemoWorkerAccount_IsLinkedToWangjingGrids()
    {
        var d = fx.Tenth;
        var worker = Assert.Single(d.Workers.Select((w, i) => (w, i)), x => x.w.UserName == "worker");
        var grids = d.Grids.Where(g => g.WorkerIndex == worker.i).ToList();
        Assert.InRange(grids.Count, 1, 3);
        Assert.All(grids, g => Assert.Equal("Wangjing", d.Streets[d.Communities[g.CommunityIndex].StreetIndex].NameEn));
    }

    [Fact]
    public void Generate_FacilitiesLeaveGaps_InEveryCommunityCategory()
    {
        var d = fx.Tenth;
        Assert.True(d.Categories.Count >= 8);
        Assert.Equal(d.Categories.Select(c => c.Code).Order(), d.Facilities.Select(f => f.CategoryCode).Distinct().Order());
        var locator = new PolygonLocatorForTests(d.Communities.Select(c => (Geometry)c.Geometry).ToList());
        var withStation = d.Facilities.Where(f => f.CategoryCode == "community_service_station").Select(f => locator.Locate(f.Lon, f.Lat)).Distinct().Count();
        Assert.InRange(withStation, 200, d.Communities.Count - 1); // most communities have one, not all
    }

    [Fact]
    public void Generate_WalkNetwork_IsCityDenseConnectedAndNearEveryHousehold()
    {
        var d = fx.Tenth;
        Assert.InRange(d.Nodes.Count, 50_000, 300_000);
        var uf = new UnionFind(d.Nodes.Count);
        foreach (var e in d.Edges)
        {
            Assert.True(e.LengthM > 0 && e.LengthM < 10_000);
            uf.Union(e.Source, e.Target);
        }
        Assert.Single(Enumerable.Range(0, d.Nodes.Count).Select(uf.Find).Distinct());
        foreach (var kind in new[] { "arterial", "street", "path", "gate" }) Assert.Contains(d.Edges, e => e.Kind == kind);

        var proj = CityProfile.Default.Projection;
        var xy = d.Nodes.Select(n => proj.Forward(n.Lon, n.Lat)).ToArray();
        var index = new NodeGridIndex(xy.Select(p => p.X).ToArray(), xy.Select(p => p.Y).ToArray(), 100);
        for (var i = 0; i < xy.Length; i++) index.Add(i);
        Assert.All(d.Households.Where((_, i) => i % 10 == 0), h =>
        {
            var (x, y) = proj.Forward(h.Lon, h.Lat);
            Assert.True(index.Nearest(x, y).Distance <= 100, $"household at {h.Lon},{h.Lat} is far from the network");
        });
        Assert.All(d.Facilities, f =>
        {
            var (x, y) = proj.Forward(f.Lon, f.Lat);
            Assert.True(index.Nearest(x, y).Distance <= 1);
        });
    }

    [Fact]
    public void Generate_WalkingDistanceExceedsStraightLine_BetweenNearbyHouseholds()
    {
        var d = fx.Tenth;
        var proj = CityProfile.Default.Projection;
        var xy = d.Nodes.Select(n => proj.Forward(n.Lon, n.Lat)).ToArray();
        var index = new NodeGridIndex(xy.Select(p => p.X).ToArray(), xy.Select(p => p.Y).ToArray(), 100);
        for (var i = 0; i < xy.Length; i++) index.Add(i);
        var adjacency = new List<(int To, double M)>[xy.Length];
        for (var i = 0; i < xy.Length; i++) adjacency[i] = [];
        foreach (var e in d.Edges) { adjacency[e.Source].Add((e.Target, e.LengthM)); adjacency[e.Target].Add((e.Source, e.LengthM)); }
        var rng = new DemoRandom(1);
        var ratios = new List<double>();
        for (var k = 0; k < 20; k++)
        {
            var from = d.Households[rng.Next(d.Households.Count)];
            var (fx0, fy0) = proj.Forward(from.Lon, from.Lat);
            var source = index.Nearest(fx0, fy0).Id;
            var dist = Dijkstra(adjacency, source);
            foreach (var to in d.Households.Where((_, i) => i % 97 == k))
            {
                var (tx, ty) = proj.Forward(to.Lon, to.Lat);
                var straight = Math.Sqrt((tx - xy[source].X) * (tx - xy[source].X) + (ty - xy[source].Y) * (ty - xy[source].Y));
                if (straight is < 200 or > 1000) continue;
                ratios.Add(dist[index.Nearest(tx, ty).Id] / straight);
            }
        }
        Assert.True(ratios.Count >= 20, $"only {ratios.Count} pairs 200-1000 m apart");
        Assert.All(ratios, r => Assert.True(r >= 0.85, $"walking {r:F2} x straight line"));
        Assert.True(ratios.Average() >= 1.2, $"mean detour {ratios.Average():F2}");
    }

    private static double[] Dijkstra(List<(int To, double M)>[] adjacency, int source)
    {
        var dist = Enumerable.Repeat(double.PositiveInfinity, adjacency.Length).ToArray();
        var queue = new PriorityQueue<int, double>();
        dist[source] = 0;
        queue.Enqueue(source, 0);
        while (queue.TryDequeue(out var v, out var dv))
        {
            if (dv > dist[v]) continue;
            foreach (var (to, m) in adjacency[v])
                if (dv + m < dist[to]) { dist[to] = dv + m; queue.Enqueue(to, dist[to]); }
        }
        return dist;
    }

    private static void CheckPartition(Geometry whole, IReadOnlyList<Geometry> parts, string what)
    {
        Assert.All(parts, p => Assert.True(p.IsValid && !p.IsEmpty, $"{what}: invalid or empty part"));
        var sum = parts.Sum(p => p.Area);
        var union = CascadedPolygonUnion.Union(parts.ToList()).Area;
        Assert.True(Math.Abs(sum - whole.Area) <= 1e-6 * whole.Area, $"{what}: parts sum to {sum} m², whole is {whole.Area} m²");
        Assert.True(Math.Abs(sum - union) <= 1e-6 * whole.Area, $"{what}: parts overlap ({sum - union} m²)");
    }

    private static Geometry Metric(Geometry g) => CityProfile.Default.Projection.Forward(g);

    private static string Hash(DemoDataset d)
    {
        var sb = new StringBuilder();
        foreach (var s in d.Streets) sb.Append(s.Geometry.AsText());
        foreach (var c in d.Communities) sb.Append(c.Code).Append(c.Geometry.AsText());
        foreach (var g in d.Grids) sb.Append(g.Code).Append(g.Kind).Append(g.WorkerIndex).Append(g.Geometry.AsText());
        foreach (var w in d.Workers) sb.Append(w.Name).AppendJoin(',', w.Languages);
        foreach (var h in d.Households) sb.Append(h.Lon.ToString("R")).Append(h.Lat.ToString("R")).Append(h.Address).Append(h.Residents).Append(h.ForeignResidents).AppendJoin(',', h.Nationalities).Append(h.GridIndex);
        foreach (var f in d.Facilities) sb.Append(f.Name).Append(f.Lon.ToString("R")).Append(f.Capacity);
        foreach (var n in d.Nodes) sb.Append(n.Lon.ToString("R")).Append(n.Lat.ToString("R"));
        foreach (var e in d.Edges) sb.Append(e.Source).Append(e.Target).Append(e.Kind);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }

    private sealed class PolygonLocatorForTests(IReadOnlyList<Geometry> polygons)
    {
        private readonly PolygonLocator _inner = new(polygons);
        public int Locate(double x, double y) => _inner.Locate(x, y);
    }
}
