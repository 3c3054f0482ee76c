using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Import;

/// <summary>Validation rules, written as CSV in (WKT geometries) and rows or errors out.</summary>
public sealed class LayerValidatorTests
{
    private const string Square = "POLYGON((116.40 39.90, 116.41 39.90, 116.41 39.91, 116.40 39.91, 116.40 39.90))";

    private static (ImportBatch Batch, ImportErrorList Errors) Check(ImportLayer layer, string csv, InputCrs crs = InputCrs.Wgs84)
    {
        var errors = new ImportErrorList();
        var features = ImportFile.Read(System.Text.Encoding.UTF8.GetBytes(csv), ImportFormat.Csv, ImportLimits.Default, errors);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        return (LayerValidator.Validate(layer, features, crs, errors), errors);
    }

    private static void CheckRejected(ImportLayer layer, string csv, string field, string message)
    {
        var (_, errors) = Check(layer, csv);
        Assert.Contains(errors.Errors, e => e.Field == field && e.Message.Contains(message, StringComparison.Ordinal) && e.Line == 2);
    }

    [Fact]
    public void Validate_MakesMultiPolygonStreet_WhenRowIsGood()
    {
        var (batch, errors) = Check(ImportLayer.Streets, $"code,name_zh,wkt\n110105001,建外街道,\"{Square}\"\n");
        Assert.False(errors.Any);
        var street = Assert.Single(batch.Streets);
        Assert.Equal(("110105001", "建外街道", "建外街道"), (street.Code, street.NameZh, street.NameEn));
        Assert.Equal("MULTIPOLYGON (((116.4 39.9, 116.41 39.9, 116.41 39.91, 116.4 39.91, 116.4 39.9)))", street.Geometry.AsText());
    }

    [Theory]
    [InlineData("POINT(116.4 39.9)", "needs a Polygon or MultiPolygon, not a Point")]
    [InlineData("POLYGON((116.4 39.9, 116.41 39.91, 116.41 39.9, 116.4 39.91, 116.4 39.9))", "Self-intersection")]
    [InlineData("POLYGON EMPTY", "empty")]
    [InlineData("POLYGON((39.90 116.40, 39.90 116.41, 39.91 116.41, 39.90 116.40))", "looks swapped")]
    [InlineData("POLYGON((200 39.9, 201 39.9, 201 40, 200 39.9))", "out of range")]
    [InlineData("POLYGON((2.3 48.8, 2.4 48.8, 2.4 48.9, 2.3 48.8))", "outside China")]
    public void Validate_RejectsGeometry(string wkt, string message) =>
        CheckRejected(ImportLayer.Streets, $"code,name_zh,wkt\n110105001,x,\"{wkt}\"\n", "geometry", message);

    [Theory]
    [InlineData("11010500,x", "code", "not a 9-digit street code")]
    [InlineData(",x", "code", "code is missing")]
    [InlineData("110105001,", "name_zh", "name_zh is missing")]
    [InlineData("110105001,\"a\u0000b\"", "name_zh", "control characters")]
    public void Validate_RejectsStreetProperties(string values, string field, string message) =>
        CheckRejected(ImportLayer.Streets, $"code,name_zh,wkt\n{values},\"{Square}\"\n", field, message);

    [Fact]
    public void Validate_RejectsTooLongName_AndKeepsInjectionTextVerbatim()
    {
        CheckRejected(ImportLayer.Streets, $"code,name_zh,wkt\n110105001,{new string('长', 101)},\"{Square}\"\n", "name_zh", "101 characters, at most 100");
        const string injection = "'); drop table street; -- <script>alert(1)</script>";
        var (batch, _) = Check(ImportLayer.Streets, $"code,name_zh,wkt\n110105001,\"{injection}\",\"{Square}\"\n");
        Assert.Equal(injection, Assert.Single(batch.Streets).NameZh);
    }

    [Fact]
    public void Validate_RejectsDuplicateCodeWithinFile()
    {
        var (_, errors) = Check(ImportLayer.Streets, $"code,name_zh,wkt\n110105001,a,\"{Square}\"\n110105001,b,\"{Square}\"\n");
        var e = Assert.Single(errors.Errors);
        Assert.Equal((1, 3, "code"), (e.Feature, e.Line, e.Field));
        Assert.Contains("appears twice", e.Message);
    }

    [Fact]
    public void Validate_ChecksGridCodePrefix_AgainstItsCommunity()
    {
        CheckRejected(ImportLayer.Grids, $"code,community_code,wkt\n110105001024001,110105001025,\"{Square}\"\n", "community_code", "does not match");
        var (batch, errors) = Check(ImportLayer.Grids, $"code,kind,wkt\n110105001024001,foreign_resident,\"{Square}\"\n");
        Assert.False(errors.Any);
        Assert.Equal(("110105001024", "foreign_resident"), (batch.Grids[0].CommunityCode, batch.Grids[0].Kind));
        CheckRejected(ImportLayer.Grids, $"code,kind,wkt\n110105001024001,special,\"{Square}\"\n", "kind", "not one of");
        CheckRejected(ImportLayer.Communities, $"code,name_zh,street_code,wkt\n110105001024,x,110105002,\"{Square}\"\n", "street_code", "does not match");
    }

    [Theory]
    [InlineData("-1", "capacity", "whole number from 0 to 1000000")]
    [InlineData("1e12", "capacity", "whole number")]
    [InlineData("99999999999999999999999", "capacity", "whole number")]
    [InlineData("12.5", "capacity", "whole number")]
    public void Validate_RejectsFacilityNumbersOutOfRange(string capacity, string field, string message) =>
        CheckRejected(ImportLayer.Facilities, $"lon,lat,category,name,capacity\n116.4,39.9,library,A,{capacity}\n", field, message);

    [Fact]
    public void Validate_RejectsFacilityCategoryAndLanguages_WhenMalformed()
    {
        CheckRejected(ImportLayer.Facilities, "lon,lat,category,name\n116.4,39.9,\"x'; drop\",A\n", "category", "not a category code");
        CheckRejected(ImportLayer.Facilities, "lon,lat,category,name,languages\n116.4,39.9,library,A,english\n", "languages", "language codes");
        CheckRejected(ImportLayer.Facilities, "lon,lat,category,name,languages\n116.4,39.9,library,A,zh;kor\n", "languages", "ISO 639-1");
        CheckRejected(ImportLayer.Facilities, "lon,lat,category,name,languages\n116.4,39.9,library,A,zh;xx\n", "languages", "'xx'");
        var (batch, errors) = Check(ImportLayer.Facilities, "lon,lat,category,name,capacity,languages\n116.4,39.9,library,A,30,zh;en\n");
        Assert.False(errors.Any);
        Assert.Equal(30, batch.Facilities[0].Capacity);
        Assert.Equal(["zh", "en"], batch.Facilities[0].Languages);
    }

    [Fact]
    public void Validate_ConvertsGcj02ToWgs84_WhenCrsIsGcj02()
    {
        var (w, g) = ((116.4, 39.9), ChinaCoordinates.Wgs84ToGcj02(116.4, 39.9));
        var (batch, errors) = Check(ImportLayer.Facilities, $"lon,lat,category,name\n{g.Lon:R},{g.Lat:R},library,A\n", InputCrs.Gcj02);
        Assert.False(errors.Any);
        var p = batch.Facilities[0].Geometry;
        Assert.True(Geo.ChinaCoordinatesTests.Metres(w, (p.X, p.Y)) < 0.01);
    }

    [Fact]
    public void Validate_ReadsNetworkEdges_WithOnewayAndKind()
    {
        var (batch, errors) = Check(ImportLayer.Network, "wkt,oneway,kind\n\"LINESTRING(116.4 39.9, 116.41 39.9)\",yes,\n\"LINESTRING(116.41 39.9, 116.41 39.91)\",,gate\n");
        Assert.False(errors.Any);
        Assert.Equal([(true, "imported"), (false, "gate")], batch.Edges.Select(e => (e.Oneway, e.Kind)));
        CheckRejected(ImportLayer.Network, "wkt,oneway\n\"LINESTRING(116.4 39.9, 116.4 39.9)\",maybe\n", "oneway", "true or false");
        CheckRejected(ImportLayer.Network, "wkt\n\"POLYGON((116.40 39.90, 116.41 39.90, 116.41 39.91, 116.40 39.90))\"\n", "geometry", "needs a LineString");
    }

    [Fact]
    public void WktReader_RoundTripsValidatedStreet() =>
        Assert.True(new WKTReader().Read(Square).EqualsExact(Check(ImportLayer.Streets, $"code,name_zh,wkt\n110105001,x,\"{Square}\"\n").Batch.Streets[0].Geometry.GetGeometryN(0)));
}
