using GridGIS.Core.Density;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Density;

public sealed class HeatmapCellsTests
{
    private static readonly WKTReader Reader = new();

    /// <summary>Builds cells from counts and checks the shown polygons (as WKT) and their values.</summary>
    private static HeatmapResult CheckCells(CellCount[] counts, double size, bool suppress, params (string Wkt, long Households, long Value)[] expected)
    {
        var result = HeatmapCells.Build(counts, size, HeatmapMetric.Foreign, suppress);
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
    public void Build_ReturnsSquareCell_WhenCellReachesThreshold()
    {
        var r = CheckCells([new(2, 3, 7, 20, 4)], 100, true, ("POLYGON((200 300, 300 300, 300 400, 200 400, 200 300))", 7, 4));
        Assert.Equal(0, r.WithheldCells);
        Assert.Equal(400.0, r.Cells[0].ValuePerKm2, 6); // 4 per 0.01 km²
    }

    [Fact]
    public void Build_MergesSmallCellsOfOneBlock_WhenTogetherTheyReachThreshold()
    {
        // (0,0) and (1,0) are in the same 2x2 block; 2 + 3 households = 5.
        var r = CheckCells([new(0, 0, 2, 4, 1), new(1, 0, 3, 6, 2)], 100, true,
            ("POLYGON((0 0, 200 0, 200 100, 0 100, 0 0))", 5, 3));
        Assert.True(r.Cells[0].Merged);
        Assert.Equal(1, r.MergedCells);
    }

    [Fact]
    public void Build_MergesAtSecondLevel_WhenFirstLevelBlocksStaySmall()
    {
        // (1,1) and (2,2) are in different 2x2 blocks but the same 4x4 block.
        CheckCells([new(1, 1, 2, 2, 0), new(2, 2, 3, 3, 0)], 10, true,
            ("MULTIPOLYGON(((10 10, 20 10, 20 20, 10 20, 10 10)), ((20 20, 30 20, 30 30, 20 30, 20 20)))", 5, 0));
    }

    [Fact]
    public void Build_LeavesOutSmallCells_WhenNoMergeReachesThreshold()
    {
        var r = CheckCells([new(0, 0, 4, 9, 9), new(10, 10, 6, 6, 1)], 100, true,
            ("POLYGON((1000 1000, 1100 1000, 1100 1100, 1000 1100, 1000 1000))", 6, 1));
        Assert.Equal(1, r.WithheldCells);
        Assert.Equal(4, r.WithheldHouseholds);
        Assert.True(r.Suppressed);
    }

    [Fact]
    public void Build_ShowsEverySmallCell_WhenSuppressionIsOff()
    {
        var r = CheckCells([new(0, 0, 1, 1, 1), new(-1, -1, 2, 2, 0)], 50, false,
            ("POLYGON((0 0, 50 0, 50 50, 0 50, 0 0))", 1, 1), ("POLYGON((-50 -50, 0 -50, 0 0, -50 0, -50 -50))", 2, 0));
        Assert.False(r.Suppressed);
    }

    [Fact]
    public void Build_MergesNegativeIndicesIntoTheirOwnBlock_NotAcrossZero()
    {
        // Column -1 belongs to blocks -2..-1 and -4..-1, column 0 to 0..1 and 0..3: they never merge.
        var r = HeatmapCells.Build([new(-1, 0, 2, 2, 0), new(0, 0, 2, 2, 0)], 10, HeatmapMetric.Residents, true);
        Assert.Empty(r.Cells);
        Assert.Equal(2, r.WithheldCells);
    }

    [Fact]
    public void Build_SkipsEmptyCellsAndSumsDuplicates()
    {
        var r = HeatmapCells.Build([new(0, 0, 0, 0, 0), new(5, 5, 3, 3, 1), new(5, 5, 3, 4, 0)], 10, HeatmapMetric.Residents, true);
        var cell = Assert.Single(r.Cells);
        Assert.Equal(6, cell.Households);
        Assert.Equal(7, cell.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(double.NaN)]
    public void Build_Throws_WhenCellSizeIsNotPositive(double size) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HeatmapCells.Build([], size, HeatmapMetric.Residents, true));

    [Fact]
    public void CellOf_FloorsNegativeCoordinates() => Assert.Equal((-1L, 2L), HeatmapCells.CellOf(-0.5, 250, 100));

    [Theory]
    [InlineData(12, 20000, 20000, 1000)]
    [InlineData(16, 2000, 2000, 100)]
    [InlineData(22, 50, 50, 50)]
    [InlineData(16, 200000, 200000, 5000)] // a huge view at a close zoom: cells grow so the view holds at most MaxCells
    public void CellSize_For_ReturnsRoundSize(double zoom, double w, double h, double expected) =>
        Assert.Equal(expected, HeatmapCellSize.For(zoom, w, h));

    [Fact]
    public void CellSize_For_Throws_WhenZoomOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => HeatmapCellSize.For(30, 1, 1));
}
