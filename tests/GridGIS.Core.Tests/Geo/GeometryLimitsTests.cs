using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Geo;

public sealed class GeometryLimitsTests
{
    private static readonly WKTReader Reader = new();

    /// <summary>WKT in, the one expected problem (a fragment of it) out; null expects none.</summary>
    private static void CheckLimits(string wkt, GeometryLimits limits, string? expected)
    {
        var errors = limits.CheckGeometry(Reader.Read(wkt));
        if (expected is null) Assert.Empty(errors);
        else Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("POINT (116.4 39.9)")]
    [InlineData("POLYGON ((116.4 39.9, 116.41 39.9, 116.41 39.91, 116.4 39.91, 116.4 39.9))")]
    [InlineData("MULTIPOLYGON (((116.4 39.9, 116.41 39.9, 116.41 39.91, 116.4 39.9)))")]
    public void Check_ReturnsNoErrors_WhenGeometryIsOrdinary(string wkt) => CheckLimits(wkt, GeometryLimits.Default, null);

    [Fact]
    public void Check_ReportsSelfIntersection_WhenPolygonIsABowtie() =>
        CheckLimits("POLYGON ((116.4 39.9, 116.41 39.91, 116.41 39.9, 116.4 39.91, 116.4 39.9))", GeometryLimits.Default, "self-intersection");

    [Fact]
    public void Check_ReportsOutOfRange_AndHintsSwap_WhenLatitudeComesFirstOutsideRange() =>
        CheckLimits("POINT (39.9 116.4)", GeometryLimits.Default, "latitude and longitude swapped");

    [Fact]
    public void Check_HintsSwap_WhenPointFallsOutsideExpectedAreaButSwappedFits() =>
        CheckLimits("POINT (39.47 75.99)", GeometryLimits.Default with { ExpectedArea = GeometryLimits.China }, "look swapped"); // Kashgar, lat first

    [Fact]
    public void Check_ReportsOutsideArea_WhenPointIsInEurope() =>
        CheckLimits("POINT (2.35 48.85)", GeometryLimits.Default with { ExpectedArea = GeometryLimits.China }, "outside the expected area");

    [Fact]
    public void Check_ReportsWrongType_WhenTypeIsNotAllowed() =>
        CheckLimits("LINESTRING (116.4 39.9, 116.5 39.9)", GeometryLimits.Default with { AllowedTypes = ["Point"] }, "type LineString is not accepted");

    [Fact]
    public void Check_ReportsTooManyVertices_WhenOverTheLimit() =>
        CheckLimits("LINESTRING (116.4 39.9, 116.5 39.9, 116.6 39.9, 116.7 39.9)", GeometryLimits.Default with { MaxVertices = 3 }, "4 vertices; at most 3");

    [Fact]
    public void Check_ReportsNesting_WhenCollectionsAreNested() =>
        CheckLimits("GEOMETRYCOLLECTION (GEOMETRYCOLLECTION (POINT (116.4 39.9)))", GeometryLimits.Default, "nested 2 deep");

    [Fact]
    public void Check_ReportsEmpty_WhenGeometryIsEmpty() => CheckLimits("POLYGON EMPTY", GeometryLimits.Default, "is empty");

    [Theory]
    [InlineData(double.NaN, 39.9)]
    [InlineData(116.4, double.PositiveInfinity)]
    public void Check_ReportsNonFinite_WhenCoordinateIsNaNOrInfinite(double x, double y)
    {
        var point = new GeometryFactory().CreatePoint(new Coordinate(x, y));
        Assert.Contains(GeometryLimits.Check(point), e => e.Contains("not a finite number", StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ReportsMissing_WhenNull() => Assert.Equal(["geometry is missing"], GeometryLimits.Check(null));

    [Fact]
    public void Nesting_CountsCollectionLevels() =>
        Assert.Equal(2, GeometryLimits.Nesting(Reader.Read("GEOMETRYCOLLECTION (MULTIPOINT ((1 2)), POINT (1 2))")));
}
