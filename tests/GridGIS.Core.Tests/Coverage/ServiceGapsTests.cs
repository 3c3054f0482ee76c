using GridGIS.Core.Coverage;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Coverage;

public sealed class ServiceGapsTests
{
    private static readonly WKTReader Wkt = new();

    private static CoverageHousehold At(double x, double y, int residents = 2, int foreign = 0) =>
        new(0, x, y, residents, foreign, 1, 1, 1);

    /// <summary>Residential WKT minus service-area WKTs: checks each gap's area and households, largest first.</summary>
    private static IReadOnlyList<ServiceGap> CheckGaps(string residentialWkt, string[] serviceWkts, CoverageHousehold[] hh, bool[] covered,
        params (double Area, long Households)[] expected)
    {
        var gaps = ServiceGaps.Compute(Wkt.Read(residentialWkt), serviceWkts.Select(Wkt.Read), hh, covered);
        Assert.Equal(expected.Length, gaps.Count);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i].Area, gaps[i].AreaM2, 6);
            Assert.Equal(expected[i].Households, gaps[i].Households);
        }
        return gaps;
    }

    [Fact]
    public void Find_ReturnsWholeResidentialArea_WhenCategoryHasNoFacility()
    {
        CoverageHousehold[] hh = [At(10, 10, 3, 1), At(90, 50), At(150, 50)];
        var gaps = CheckGaps("MULTIPOLYGON(((0 0,100 0,100 100,0 100,0 0)),((120 0,200 0,200 100,120 100,120 0)))", [], hh,
            [false, false, false], (10000, 2), (8000, 1));
        Assert.Equal(5, gaps[0].Residents);
        Assert.Equal(1, gaps[0].ForeignResidents);
        Assert.Equal(2, gaps[0].HouseholdsNotCovered);
    }

    [Fact]
    public void Find_ReturnsUncoveredHalf_WhenServiceAreaCoversHalfTheGrid()
    {
        // Grid 200 x 100; the service area covers its left half (x < 100). Households at x=50 and x=150.
        var gaps = CheckGaps("POLYGON((0 0,200 0,200 100,0 100,0 0))", ["POLYGON((-50 -50,100 -50,100 150,-50 150,-50 -50))"],
            [At(50, 50), At(150, 50)], [true, false], (10000, 1));
        Assert.Equal("POLYGON ((100 0, 100 100, 200 100, 200 0, 100 0))", gaps[0].Polygon.Normalized().ToText());
    }

    [Fact]
    public void Find_KeepsUnreachedPocketAsSeparateGap_AndDropsSlivers()
    {
        // Two overlapping service areas leave a 20x20 pocket uncovered in the middle and a 1 m² sliver at a corner.
        var gaps = CheckGaps("POLYGON((0 0,100 0,100 100,0 100,0 0))",
            ["POLYGON((0 0,100 0,100 40,0 40,0 0))", "POLYGON((0 60,100 60,100 100,1 100,1 99,0 99,0 60))",
             "POLYGON((0 40,40 40,40 60,0 60,0 40))", "POLYGON((60 40,100 40,100 60,60 60,60 40))"],
            [At(50, 50)], [false], (400, 1));
        Assert.IsType<Polygon>(gaps[0].Polygon);
    }

    /// <summary>Gaps on 10 m cells from (0, 0): residential cells from WKT, served where <paramref name="served"/> holds at the centre.</summary>
    private static IReadOnlyList<ServiceGap> GapsOnLattice(int columns, int rows, string residentialWkt, Func<double, double, bool> served,
        CoverageHousehold[] hh, bool[] covered)
    {
        var lattice = new CellLattice(0, 0, 10, columns, rows);
        var residential = CellMask.Rasterize(lattice, [Wkt.Read(residentialWkt)]);
        var mask = new bool[lattice.Count];
        for (var c = 0; c < mask.Length; c++) mask[c] = served(lattice.CentreX(c % columns), lattice.CentreY(c / columns));
        return new ServiceGaps().FindOnLattice(lattice, residential, mask, hh, covered);
    }

    [Fact]
    public void FindOnLattice_ReturnsUnservedHalf_WhenServedLeftOfX100()
    {
        // Grid 200 x 100, served where x < 100; 10 m cells: the gap is exactly the right half.
        var gaps = GapsOnLattice(20, 10, "POLYGON((0 0,200 0,200 100,0 100,0 0))", (x, _) => x < 100,
            [At(50, 50), At(150, 50), At(190, 10)], [true, false, false]);
        Assert.Single(gaps);
        Assert.Equal(10000, gaps[0].AreaM2, 6);
        Assert.Equal(2, gaps[0].Households);
        Assert.Equal(2, gaps[0].HouseholdsNotCovered);
        Assert.Equal("POLYGON ((100 0, 100 100, 200 100, 200 0, 100 0))", gaps[0].Polygon.Normalized().ToText());
    }

    /// <summary>
    /// A household on the north-east corner of the area, where the area is a whole number of cells wide and high,
    /// is in a residential cell and in its gap: the lattice covers its envelope's edges too (it used to get cell -1
    /// and drop out of every gap's counts, while its unit still counted it outside).
    /// </summary>
    [Fact]
    public void FindOnLattice_CountsHouseholdOnNorthEastEdge_WhenAreaIsWholeCells()
    {
        CoverageHousehold[] hh = [At(25, 25), At(100, 100), At(100, 40), At(30, 100)];
        var (lattice, residential, _) = CoverageHouseholds.ResidentialCellsOf([Wkt.Read("POLYGON((0 0,100 0,100 100,0 100,0 0))")], hh);
        Assert.All(hh, h => Assert.True(lattice.CellOf(h.X, h.Y) >= 0, $"household at ({h.X} {h.Y}) has no cell"));
        var gaps = new ServiceGaps().FindOnLattice(lattice, residential, new bool[lattice.Count], hh, new bool[hh.Length]);
        Assert.Equal(hh.Length, gaps.Sum(g => g.Households));
        Assert.Equal(hh.Length, gaps.Sum(g => g.HouseholdsNotCovered));
    }

    [Fact]
    public void FindOnLattice_ReturnsResidentialCells_WhenNothingIsServed()
    {
        // A triangle: the gap is its cells (centres inside), within one cell of the triangle's boundary.
        var gaps = GapsOnLattice(10, 10, "POLYGON((0 0,95 0,95 95,0 0))", (_, _) => false, [At(80, 10), At(10, 80)], [false, false]);
        var gap = Assert.Single(gaps);
        Assert.Equal(1, gap.Households);                                 // (10, 80) lies outside the triangle
        Assert.Equal(gap.Polygon.Area, gap.AreaM2, 6);
        Assert.InRange(gap.AreaM2, 95 * 95 / 2.0 - 95 * Math.Sqrt(2) * 10, 95 * 95 / 2.0 + 95 * Math.Sqrt(2) * 10);
        Assert.True(Wkt.Read("POLYGON((0 0,95 0,95 95,0 0))").Buffer(10).Contains(gap.Polygon));
    }

    [Fact]
    public void FindOnLattice_ReturnsPocketAsHoleAndIsland_WhenServiceAreaIsARing()
    {
        // Served in a ring 20..40 m from the centre (50, 50): the outside and the unreached middle are separate gaps.
        static double D(double x, double y) => Math.Sqrt((x - 50) * (x - 50) + (y - 50) * (y - 50));
        var gaps = GapsOnLattice(10, 10, "POLYGON((0 0,100 0,100 100,0 100,0 0))", (x, y) => D(x, y) is >= 20 and <= 40,
            [At(50, 50), At(5, 5), At(95, 95)], [false, false, false]);
        Assert.Equal(2, gaps.Count);
        Assert.Equal(2, gaps[0].Households);
        Assert.Single(((Polygon)gaps[0].Polygon).InteriorRings);      // the outer gap has the served ring (and the pocket) as its hole
        Assert.Equal(1, gaps[1].Households);
        Assert.Empty(gaps[1].Polygon.InteriorRings);
        Assert.True(gaps.All(g => g.Polygon.IsValid));
    }

    [Fact]
    public void Find_Throws_WhenResidentialAreaIsNotPolygonal() =>
        Assert.Throws<ArgumentException>(() => ServiceGaps.Compute(Wkt.Read("LINESTRING(0 0,1 1)"), [], [], []));
}
