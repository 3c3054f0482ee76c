using GridGIS.Core.Density;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Density;

public sealed class HeatmapPyramidTests
{
    private static readonly WKTReader Reader = new();

    /// <summary>The view of <paramref name="level"/> over everything, checked against the expected polygons (WKT) and figures.</summary>
    private static HeatmapResult CheckCells(LatticeCount[] counts, int level, bool suppress, params (string Wkt, long Households, long Value)[] expected)
    {
        var result = HeatmapPyramid.Build(counts, suppress, level, -1e6, -1e6, 1e6, 1e6);
        Assert.Equal(expected.Length, result.Cells.Count);
        foreach (var (wkt, households, value) in expected)
        {
            var want = Reader.Read(wkt);
            var cell = Assert.Single(result.Cells, c => c.Polygon.EqualsTopologically(want));
            Assert.Equal(households, cell.Households);
            Assert.Equal(value, cell.Value);
        }
        return result;
    }

    [Fact]
    public void Cells_ReturnsSquareCell_WhenCellReachesThreshold()
    {
        var r = CheckCells([new(2, 3, 7, 4)], 0, true, ("POLYGON((100 150, 150 150, 150 200, 100 200, 100 150))", 7, 4));
        Assert.Equal(1600.0, r.Cells[0].ValuePerKm2, 6); // 4 per 0.0025 km²
        Assert.Equal(0, r.MergedCells);
    }

    [Fact]
    public void Cells_ShowsTheParentGroupAsAMergedBlock_WhenSmallCellsOfOneParentReachTheThreshold()
    {
        // (0,0) and (1,0) share their 100 m parent: 2 + 3 households = 5, one group released at level 1.
        var r = CheckCells([new(0, 0, 2, 1), new(1, 0, 3, 2)], 0, true, ("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", 5, 3));
        Assert.True(r.Cells[0].Merged);
        // At level 1 the parent is a plain cell.
        var parent = CheckCells([new(0, 0, 2, 1), new(1, 0, 3, 2)], 1, true, ("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", 5, 3));
        Assert.False(parent.Cells[0].Merged);
    }

    [Fact]
    public void Cells_ShowsOnlyTheGroupsInsideACell_NotItsCarriedRest()
    {
        // A 50 m cell of 6 and its sibling of 1: the 100 m parent shows 6, never 7 (7 - 6 would give the 1 away).
        var counts = new LatticeCount[] { new(0, 0, 6, 10), new(1, 0, 1, 4), new(5000, 5000, 4, 4) };
        CheckCells(counts, 0, true, ("POLYGON((0 0, 50 0, 50 50, 0 50, 0 0))", 6, 10));
        CheckCells(counts, 1, true, ("POLYGON((0 0, 100 0, 100 100, 0 100, 0 0))", 6, 10));
    }

    [Fact]
    public void Cells_JoinsTheRestAtTheTopToTheHighestGroup_SoNoCityTotalGivesItAway()
    {
        // 6 households in one cell and 1 far away: the 1 never reaches the threshold, so it joins the 6 at the top,
        // and no view shows the 6 alone (total 7 minus a shown 6 would give the 1 away).
        var counts = new LatticeCount[] { new(0, 0, 6, 10), new(100000, 100000, 1, 4) };
        for (var level = 0; level < HeatmapPyramid.ViewLevels; level++)
            Assert.Empty(HeatmapPyramid.Build(counts, true, level, -1e7, -1e7, 1e7, 1e7).Cells);
        Assert.Equal(2, HeatmapPyramid.Build(counts, false, 0, -1e7, -1e7, 1e7, 1e7).Cells.Count);
    }

    [Fact]
    public void Cells_ShowsEverySmallCell_WhenSuppressionIsOff()
    {
        var r = CheckCells([new(0, 0, 1, 1), new(-1, -1, 2, 0)], 0, false,
            ("POLYGON((0 0, 50 0, 50 50, 0 50, 0 0))", 1, 1), ("POLYGON((-50 -50, 0 -50, 0 0, -50 0, -50 -50))", 2, 0));
        Assert.False(r.Suppressed);
    }

    [Fact]
    public void Cells_NeverMergesAcrossZero_BecauseNegativeIndicesHaveTheirOwnParents()
    {
        // Column -1's parents are -1, -1, ...; column 0's are 0, 0, ...: they meet only far up.
        var r = HeatmapPyramid.Build([new(-1, 0, 2, 2), new(0, 0, 2, 2), new(3, 3, 9, 9)], true, 0, -1000, -1000, 1000, 1000);
        Assert.Equal(9, Assert.Single(r.Cells).Households);
    }

    [Fact]
    public void Cells_ReturnsWholeCells_WhenTheViewCutsThroughThem()
    {
        var counts = new LatticeCount[] { new(0, 0, 5, 5), new(0, 0, 3, 4) };   // duplicates are summed
        var r = HeatmapPyramid.Build(counts, true, 0, 49.999999, 10, 49.9999999, 10.0000001);
        var cell = Assert.Single(r.Cells);
        Assert.Equal(8, cell.Households);
        Assert.Equal(2500, cell.Polygon.Area, 6);
    }

    [Fact]
    public void Cells_GivesNoDifferenceOfFewerThanThreshold_AcrossAnyTwoLevels()
    {
        // Random households; at every level, every shown cell minus the shown cells of the level below inside it
        // (plain or merged) is 0 or at least 5 households: no zoom pair isolates a small group.
        var random = new Random(13);
        var counts = Enumerable.Range(0, 3000).Select(_ => new LatticeCount(random.Next(0, 400), random.Next(0, 400), random.Next(1, 4), random.Next(1, 9))).ToArray();
        var pyramid = new HeatmapPyramid(counts, true);
        for (var level = 1; level < HeatmapPyramid.ViewLevels; level++)
        {
            var coarse = pyramid.Cells(level, 0, 0, 20000, 20000).Cells.Where(c => !c.Merged).ToList();
            var fine = pyramid.Cells(level - 1, 0, 0, 20000, 20000).Cells.Where(c => !c.Merged).ToList();
            foreach (var c in coarse)
            {
                var inside = fine.Where(f => c.Polygon.Contains(f.Polygon.InteriorPoint)).Sum(f => f.Households);
                var rest = c.Households - inside;
                Assert.True(rest == 0 || rest >= 5, $"level {level}: {c.Households} - {inside} = {rest}");
            }
            Assert.All(pyramid.Cells(level, 0, 0, 20000, 20000).Cells, c => Assert.True(c.Households >= 5));
        }
    }

    [Fact]
    public void Constructor_Throws_WhenCountIsNegative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeatmapPyramid([new(0, 0, -1, 0)], true));

    [Fact]
    public void BaseCellOf_FloorsNegativeCoordinates() => Assert.Equal((-1L, 5L), HeatmapPyramid.BaseCellOf(-0.5, 250));

    [Theory]
    [InlineData(12, 20000, 20000, 1600)]
    [InlineData(16, 2000, 2000, 100)]
    [InlineData(22, 50, 50, 50)]
    [InlineData(16, 200000, 200000, 3200)] // a huge view at a close zoom: cells grow so the view holds at most MaxCells
    public void CellSize_For_ReturnsALatticeSize(double zoom, double w, double h, double expected) =>
        Assert.Equal(expected, HeatmapCellSize.For(zoom, w, h));

    [Fact]
    public void CellSize_For_Throws_WhenZoomOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HeatmapCellSize.For(30, 1, 1));

    [Fact]
    public void CellSize_Sizes_NestEachInTheNext() =>
        Assert.All(HeatmapCellSize.Sizes.Zip(HeatmapCellSize.Sizes.Skip(1)), p => Assert.Equal(2 * p.First, p.Second));
}
