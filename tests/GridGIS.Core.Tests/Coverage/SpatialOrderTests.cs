using GridGIS.Core.Coverage;

namespace GridGIS.Core.Tests.Coverage;

/// <summary>The order a coverage run keeps its households and network nodes in.</summary>
public sealed class SpatialOrderTests
{
    private static CoverageHousehold[] RandomHouseholds(int seed, int count)
    {
        var rnd = new Random(seed);
        return Enumerable.Range(1, count).Select(id => new CoverageHousehold(id, 440_000 + rnd.NextDouble() * 5000, 4_420_000 + rnd.NextDouble() * 5000,
            rnd.Next(1, 5), 0, rnd.Next(1, 50), 1, 1)).ToArray();
    }

    [Fact]
    public void SpatialOrder_KeepsEveryHousehold_AndTheHouseholdsOfATileTogetherInIdOrder()
    {
        var hh = RandomHouseholds(3, 20_000);
        var sorted = (CoverageHousehold[])hh.Clone();
        SpatialOrder.Sort(sorted);

        Assert.Equal(hh.OrderBy(h => h.Id), sorted.OrderBy(h => h.Id));            // a permutation: nothing lost, nothing doubled
        Assert.NotEqual(hh.Select(h => h.Id), sorted.Select(h => h.Id));           // and not the id order
        double minX = hh.Min(h => h.X), minY = hh.Min(h => h.Y);
        var tiles = sorted.Select(h => ((int)((h.X - minX) / 64), (int)((h.Y - minY) / 64))).ToArray();
        var seen = new HashSet<(int, int)>();
        for (var i = 0; i < tiles.Length; i++)
        {
            if (i > 0 && tiles[i] == tiles[i - 1]) { Assert.True(sorted[i - 1].Id < sorted[i].Id); continue; }
            Assert.True(seen.Add(tiles[i]), $"tile {tiles[i]} comes back at position {i}: its households are not together");
        }
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(5_000_000_000L)]      // ids beyond 32 bits: sorted by id first
    public void SpatialOrder_GivesOneOrder_WhateverOrderTheHouseholdsCameIn(long firstId)
    {
        var hh = RandomHouseholds(5, 5_000).Select(h => h with { Id = h.Id + firstId - 1 }).ToArray();
        var a = (CoverageHousehold[])hh.Clone();
        var b = hh.OrderBy(_ => Random.Shared.Next()).ToArray();
        var c = hh.Reverse().ToArray();
        SpatialOrder.Sort(a);
        SpatialOrder.Sort(b);
        SpatialOrder.Sort(c);
        Assert.Equal(a, b);
        Assert.Equal(a, c);
    }

    [Fact]
    public void SpatialOrder_PutsASmallAreaInFewStretches_WhereIdOrderScattersIt()
    {
        var hh = RandomHouseholds(4, 20_000);
        var sorted = (CoverageHousehold[])hh.Clone();
        SpatialOrder.Sort(sorted);
        // the households within 300 m of the centre: how many separate stretches of the array hold them
        static int Stretches(CoverageHousehold[] a) => Enumerable.Range(0, a.Length)
            .Count(i => Near(a[i]) && (i == 0 || !Near(a[i - 1])));
        static bool Near(CoverageHousehold h) => Math.Pow(h.X - 442_500, 2) + Math.Pow(h.Y - 4_422_500, 2) < 300 * 300;
        var inIdOrder = Stretches(hh);
        var inSpatialOrder = Stretches(sorted);
        Assert.True(inSpatialOrder * 5 < inIdOrder, $"{inSpatialOrder} stretches in spatial order, {inIdOrder} in id order");
    }

    [Fact]
    public void Ranks_NumberPointsByTileThenGivenOrder_AsSortDoesHouseholds()
    {
        var hh = RandomHouseholds(6, 3_000);
        var rank = SpatialOrder.Ranks(hh.Select(h => h.X).ToArray(), hh.Select(h => h.Y).ToArray());
        Assert.Equal(Enumerable.Range(0, hh.Length), rank.Order());                 // a permutation
        var byRank = new CoverageHousehold[hh.Length];
        for (var i = 0; i < hh.Length; i++) byRank[rank[i]] = hh[i];
        var sorted = (CoverageHousehold[])hh.Clone();
        SpatialOrder.Sort(sorted);                                                  // ids 1.. in the given order: the same order
        Assert.Equal(sorted, byRank);
        Assert.Empty(SpatialOrder.Ranks([], []));
    }
}
