using GridGIS.Core.Grids;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Grids;

public sealed class GridAssignmentTests
{
    private static readonly WKTReader Wkt = new();

    // Two unit squares sharing the edge x = 1; codes deliberately not in id order.
    private static readonly GridShape[] TwoGrids =
    [
        new(1, "110105001001002", Wkt.Read("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))")),
        new(2, "110105001001001", Wkt.Read("POLYGON((1 0, 2 0, 2 1, 1 1, 1 0))")),
    ];

    private static void CheckGridOf(string pointWkt, int? expectedGridId)
    {
        var grid = new GridAssignment(TwoGrids).GridOf((Point)Wkt.Read(pointWkt));
        Assert.Equal(expectedGridId, grid?.Id);
    }

    [Theory]
    [InlineData("POINT(0.5 0.5)", 1)]
    [InlineData("POINT(1.5 0.5)", 2)]
    [InlineData("POINT(0 0.5)", 1)]          // outer edge belongs to the grid
    [InlineData("POINT(1 0.5)", 2)]          // shared edge: lowest code (grid 2 has ...001)
    [InlineData("POINT(1 1)", 2)]            // shared corner: lowest code
    [InlineData("POINT(3 3)", null)]
    [InlineData("POINT EMPTY", null)]
    public void GridOf_FollowsLowestCodeRule(string point, int? expected) => CheckGridOf(point, expected);

    [Fact]
    public void Assign_ReportsHouseholdsInNoGrid_AndAssignsBoundaryOnce()
    {
        var households = new[]
        {
            new HouseholdPoint(10, (Point)Wkt.Read("POINT(1 0.25)")),
            new HouseholdPoint(11, (Point)Wkt.Read("POINT(0.25 0.25)")),
            new HouseholdPoint(12, (Point)Wkt.Read("POINT(5 5)")),
        };
        var result = GridAssignment.Assign(TwoGrids, households);
        Assert.Equal(new Dictionary<long, int> { [10] = 2, [11] = 1 }, result.GridOf);
        Assert.Equal([12L], result.Unassigned);
    }

    [Fact]
    public void Ctor_Throws_WhenCodesRepeat() =>
        Assert.Throws<ArgumentException>(() => new GridAssignment([TwoGrids[0], TwoGrids[0] with { Id = 3 }]));
}
