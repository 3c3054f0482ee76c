using System.Text;
using GridGIS.Core.Import;

namespace GridGIS.Core.Tests.Import;

public sealed class ImportReadersTests
{
    private static (IReadOnlyList<SourceFeature> Features, ImportErrorList Errors) Read(string text, ImportFormat format, ImportLimits? limits = null) =>
        Read(Encoding.UTF8.GetBytes(text), format, limits);

    private static (IReadOnlyList<SourceFeature> Features, ImportErrorList Errors) Read(byte[] bytes, ImportFormat format, ImportLimits? limits = null)
    {
        var errors = new ImportErrorList();
        var features = ImportFile.Read(bytes, format, limits ?? ImportLimits.Default, errors);
        return (features, errors);
    }

    private static ImportError Single(ImportErrorList errors) => Assert.Single(errors.Errors);

    [Fact]
    public void Csv_ReadsQuotedFieldsWithCommasQuotesAndLineBreaks()
    {
        var (features, errors) = Read("lon,lat,name\r\n116.4,39.9,\"a, \"\"b\"\"\nc\"\r\n\r\n116.5,39.8,plain\n", ImportFormat.Csv);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        Assert.Equal(2, features.Count);
        Assert.Equal("a, \"b\"\nc", features[0].Properties["NAME"]);
        Assert.Equal("POINT (116.5 39.8)", features[1].Geometry!.AsText());
        Assert.Equal(5, features[1].Line);
    }

    [Fact]
    public void Csv_ReportsLine_WhenQuoteIsUnbalanced()
    {
        var (_, errors) = Read("lon,lat,name\n116.4,39.9,ok\n116.4,39.9,\"never closed\n", ImportFormat.Csv);
        var e = Single(errors);
        Assert.Equal((3, "csv"), (e.Line, e.Field));
        Assert.Contains("never closed", e.Message);
    }

    [Fact]
    public void Csv_ReportsLineAndCounts_WhenRowHasWrongFieldCount()
    {
        var (_, errors) = Read("lon,lat,name\n116.4,39.9,a\n116.4,39.9,a,extra\n", ImportFormat.Csv);
        var e = Single(errors);
        Assert.Equal((1, 3, "csv"), (e.Feature, e.Line, e.Field));
        Assert.Contains("has 4 fields, the header has 3", e.Message);
    }

    [Theory]
    [InlineData("lon,lat\nNaN,39.9\n", "lon", "not a finite number")]
    [InlineData("lon,lat\n116.4,Infinity\n", "lat", "not a finite number")]
    [InlineData("lon,lat\n116.4,abc\n", "lat", "not a number")]
    [InlineData("wkt\n\"POLYGON((1 2, 3 4\"\n", "wkt", "not valid WKT")]
    [InlineData("name,code\nx,1\n", "header", "needs a 'wkt' column")]
    public void Csv_ReportsField_WhenValueIsBad(string csv, string field, string message)
    {
        var (_, errors) = Read(csv, ImportFormat.Csv);
        var e = Single(errors);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \r\n ")]
    public void Read_ReportsEmptyFile_WhenBlank(string text)
    {
        Assert.Contains("empty", Single(Read(text, ImportFormat.Csv).Errors).Message);
        Assert.Contains("empty", Single(Read(text, ImportFormat.GeoJson).Errors).Message);
    }

    [Fact]
    public void Read_SkipsUtf8Bom_AndRejectsInvalidUtf8WithLine()
    {
        var ok = Read([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("lon,lat\n116.4,39.9\n")], ImportFormat.Csv);
        Assert.False(ok.Errors.Any);
        Assert.Single(ok.Features);

        // "名" in GBK is C3 FB: not UTF-8.
        var gbk = Read([.. Encoding.UTF8.GetBytes("lon,lat,name\n116.4,39.9,"), 0xC3, 0xFB, (byte)'\n'], ImportFormat.Csv);
        var e = Single(gbk.Errors);
        Assert.Equal((2, "file"), (e.Line, e.Field));
        Assert.Contains("not valid UTF-8", e.Message);

        var utf16 = Read(Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("lon,lat")).ToArray(), ImportFormat.Csv);
        Assert.Contains("UTF-16", Single(utf16.Errors).Message);
    }

    [Fact]
    public void GeoJson_ReadsFeaturesAndProperties()
    {
        var (features, errors) = Read("""
            {"type":"FeatureCollection","features":[
              {"type":"Feature","properties":{"name":"A","capacity":12,"languages":["zh","en"],"open":true,"x":null},
               "geometry":{"type":"Point","coordinates":[116.4,39.9,50]}}]}
            """, ImportFormat.GeoJson);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        var f = Assert.Single(features);
        Assert.Equal("POINT (116.4 39.9)", f.Geometry!.AsText());
        Assert.Equal(("A", "12", "zh;en", "true", null), (f.Properties["name"], f.Properties["capacity"], f.Properties["languages"], f.Properties["open"], f.Properties["x"]));
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[""", "json", "malformed JSON")]
    [InlineData("""{"type":"Feature"}""", "type", "FeatureCollection")]
    [InlineData("""{"type":"FeatureCollection","features":[]}""", "features", "no features")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[1e400,39]}}]}""", "geometry", "not a finite number")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":["116",39]}}]}""", "geometry", "must be a number")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"GeometryCollection","geometries":[]}}]}""", "geometry", "GeometryCollection")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[[[116,39],[117,39],[117,40],[116,40]]]}}]}""", "geometry", "not closed")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"a":{"b":1}},"geometry":{"type":"Point","coordinates":[116,39]}}]}""", "a", "nested")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{}}]}""", "geometry", "no geometry")]
    public void GeoJson_ReportsWhatAndWhere_WhenMalformed(string json, string field, string message)
    {
        var e = Single(Read(json, ImportFormat.GeoJson).Errors);
        Assert.Equal(field, e.Field);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void GeoJson_RejectsDeepNesting()
    {
        var deep = new string('[', 200) + new string(']', 200);
        var json = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":""" + deep + """},"geometry":null}]}""";
        var e = Single(Read(json, ImportFormat.GeoJson).Errors);
        Assert.Equal("json", e.Field);
        Assert.Contains("depth", e.Message);
    }

    [Fact]
    public void GeoJson_RejectsTooManyVerticesAndFeatures_WhenOverLimits()
    {
        var limits = new ImportLimits { MaxVerticesPerGeometry = 4, MaxFeatures = 1 };
        var ring = "[[116,39],[116.1,39],[116.1,39.1],[116.05,39.15],[116,39.1],[116,39]]";
        var e = Single(Read("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon","coordinates":[""" + ring + "]}}]}", ImportFormat.GeoJson, limits).Errors);
        Assert.Contains("more than 4 vertices", e.Message);
        var point = """{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[116,39]}}""";
        var two = Single(Read($$"""{"type":"FeatureCollection","features":[{{point}},{{point}}]}""", ImportFormat.GeoJson, limits).Errors);
        Assert.Contains("at most 1 per import", two.Message);
    }

    [Fact]
    public void Csv_RejectsDeeplyNestedWkt_WithRowAndColumn_InsteadOfOverflowingTheStack()
    {
        // The attack: 20,000 nested GEOMETRYCOLLECTION( (about 380 KB) once crashed the process.
        const int levels = 20_000;
        var wkt = string.Concat(Enumerable.Repeat("GEOMETRYCOLLECTION(", levels)) + "POINT(116.4 39.9)" + new string(')', levels);
        var (features, errors) = Read($"name,wkt\nok,POINT(116.4 39.9)\ndeep,\"{wkt}\"\n", ImportFormat.Csv);
        var e = Single(errors);
        Assert.Equal((1, 3, "wkt"), (e.Feature, e.Line, e.Field));
        Assert.Contains($"nested more than {ImportLimits.Default.MaxWktDepth} levels deep", e.Message);
        Assert.Null(features[1].Geometry);
        Assert.NotNull(features[0].Geometry);
    }

    [Theory]
    [InlineData("MULTIPOLYGON(((116 39, 116.1 39, 116.1 39.1, 116 39)))", true)]
    [InlineData("GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(GEOMETRYCOLLECTION(POINT(116 39))))", false)]
    public void Csv_ChecksWktDepth_AgainstTheLimit(string wkt, bool accepted)
    {
        var (_, errors) = Read($"wkt\n\"{wkt}\"\n", ImportFormat.Csv, new ImportLimits { MaxWktDepth = 3 });
        Assert.Equal(accepted, !errors.Any);
        if (!accepted) Assert.Contains("nested more than 3 levels deep", Single(errors).Message);
    }

    [Fact]
    public void Csv_RejectsOverlongWkt_BeforeParsingIt()
    {
        var wkt = "LINESTRING(" + string.Join(", ", Enumerable.Range(0, 200).Select(i => $"116.{i:000} 39.5")) + ")";
        var e = Single(Read($"wkt\n\"{wkt}\"\n", ImportFormat.Csv, new ImportLimits { MaxWktLength = 1000 }).Errors);
        Assert.Equal((0, 2, "wkt"), (e.Feature, e.Line, e.Field));
        Assert.Contains($"{wkt.Length} characters; at most 1000", e.Message);
    }
}
