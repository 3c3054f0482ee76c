using GridGIS.Core.Export;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Tests.Export;

/// <summary>Every export format read back by the import's own readers: the same geometries (within 1e-7 degrees) and attributes.</summary>
public sealed class FeatureFileRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("gridgis-export-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly ExportSchema Streets = new("streets", "MultiPolygon",
    [
        new("code", ExportFieldType.Text), new("name_zh", ExportFieldType.Text), new("street_code", ExportFieldType.Text),
        new("households", ExportFieldType.Integer), new("share_covered", ExportFieldType.Real), new("oneway", ExportFieldType.Boolean),
        new("languages", ExportFieldType.TextList),
    ]);

    // Clockwise exterior, counter-clockwise hole: both the wrong way round for RFC 7946; more than 7 decimals.
    private const string ClockwiseWithHole =
        "MULTIPOLYGON (((116.4 39.9, 116.4 39.91, 116.41000004 39.91, 116.41 39.9, 116.4 39.9), (116.402 39.902, 116.404 39.902, 116.404 39.904, 116.402 39.904, 116.402 39.902)))";

    private byte[] Export(ExportFormat format, params ExportFeature[] features)
    {
        using var writer = FeatureFileWriter.Create(format, Streets, Directory.CreateTempSubdirectory("w-").FullName);
        foreach (var f in features) writer.Write(f);
        return File.ReadAllBytes(writer.Complete());
    }

    private static ImportFormat ImportFormatOf(ExportFormat f) => f switch
    {
        ExportFormat.Geojson => ImportFormat.GeoJson,
        ExportFormat.Csv => ImportFormat.Csv,
        ExportFormat.Shp => ImportFormat.Shapefile,
        _ => ImportFormat.GeoPackage,
    };

    [Theory, InlineData(ExportFormat.Geojson), InlineData(ExportFormat.Csv), InlineData(ExportFormat.Shp), InlineData(ExportFormat.Gpkg)]
    public void Export_ReadsBackTheSameFeatures_InEveryFormat(ExportFormat format)
    {
        var source = new WKTReader().Read(ClockwiseWithHole);
        var bytes = Export(format,
            new ExportFeature(source, ["110105001", "建外街道 \"quoted\", comma", "110105", 42L, 0.75, true, new[] { "zh", "en" }]),
            new ExportFeature(source.Buffer(0.001), ["110105002", "望京", null, null, null, false, null]));

        var errors = new ImportErrorList();
        var read = ImportFile.Read(bytes, ImportFormatOf(format), ImportLimits.Default, errors);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        Assert.Equal(2, read.Count);
        var first = read[0];
        // Shapefile and GeoPackage readers hand on a one-part multi-geometry as its part (the validator makes it multi again).
        static Geometry Part(Geometry g) => g is GeometryCollection { NumGeometries: 1 } ? g.GetGeometryN(0) : g;
        var expected = RingOrder.RightHand(source.GetGeometryN(0));
        Assert.True(Part(first.Geometry!).EqualsExact(expected, 1e-7), $"{first.Geometry} != {expected}");
        Assert.True(RingOrder.IsRightHand(first.Geometry!), $"{format} came back with clockwise exterior rings: {first.Geometry}");
        Assert.Equal("116.41", first.Geometry!.Coordinates.Max(c => c.X).ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("110105001", first.Properties["code"]);
        Assert.Equal("建外街道 \"quoted\", comma", first.Properties["name_zh"]);
        Assert.Equal("110105", first.Properties["street_code"]);
        Assert.Equal("42", first.Properties["households"]);
        Assert.Equal(0.75, double.Parse(first.Properties["share_covered"]!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(format == ExportFormat.Gpkg ? "1" : "true", first.Properties["oneway"]);
        Assert.Equal("zh;en", first.Properties["languages"]);
        Assert.Null(read[1].Properties["households"]);
        Assert.Null(read[1].Properties.GetValueOrDefault("street_code"));
    }

    [Fact]
    public void RingOrder_TurnsClockwiseExteriorCounterClockwise_AndHolesClockwise()
    {
        var g = RingOrder.RightHand(new WKTReader().Read(ClockwiseWithHole));
        var p = (Polygon)g.GetGeometryN(0);
        Assert.True(NetTopologySuite.Algorithm.Orientation.IsCCW(p.Shell.CoordinateSequence));
        Assert.False(NetTopologySuite.Algorithm.Orientation.IsCCW(p.GetInteriorRingN(0).CoordinateSequence));
        Assert.True(g.EqualsTopologically(new WKTReader().Read(ClockwiseWithHole)));
    }

    [Fact]
    public void LayerValidator_StoresCounterClockwiseRings_WhenInputIsClockwise()
    {
        var errors = new ImportErrorList();
        var feature = new SourceFeature(0, null, SourceFeature.Factory.CreateGeometry(new WKTReader().Read(ClockwiseWithHole)),
            new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { ["code"] = "110105001", ["name_zh"] = "建外" });
        var batch = LayerValidator.Validate(ImportLayer.Streets, [feature], InputCrs.Wgs84, errors);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        Assert.True(RingOrder.IsRightHand(batch.Streets[0].Geometry));
    }

    [Fact]
    public void GeoJson_WritesSevenDecimalsAndCounterClockwiseRings()
    {
        var text = System.Text.Encoding.UTF8.GetString(Export(ExportFormat.Geojson,
            new ExportFeature(new WKTReader().Read(ClockwiseWithHole), ["1", "a", null, 1L, 0.5, false, null])));
        Assert.Contains("[116.41,39.91]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("116.41000004", text, StringComparison.Ordinal);
        // Counter-clockwise from the south-west corner: east first.
        Assert.Contains("[[[[116.4,39.9],[116.41,39.9]", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapefile_ShortensLongFieldNames_AndReadsThemBackLong()
    {
        var zip = Export(ExportFormat.Shp, new ExportFeature(new WKTReader().Read(ClockwiseWithHole), ["1", "a", "110105", 1L, 0.5, false, null]));
        using var archive = new System.IO.Compression.ZipArchive(new MemoryStream(zip));
        Assert.Equal(["streets.cpg", "streets.dbf", "streets.prj", "streets.shp", "streets.shx"], archive.Entries.Select(e => e.FullName).Order().ToArray());
        using var cpg = new StreamReader(archive.GetEntry("streets.cpg")!.Open());
        Assert.Equal("UTF-8", cpg.ReadToEnd());
        Assert.Equal("street_cd", ShapefileFieldNames.Short("street_code"));
        Assert.All(Streets.Fields, f => Assert.InRange(ShapefileFieldNames.Short(f.Name).Length, 1, 10));
    }

    [Fact]
    public void Shapefile_OfMixedTypes_HoldsOneShapefilePerType_EachReadableByName()
    {
        var schema = new ExportSchema("basemap", "Geometry", [new("name", ExportFieldType.Text)]);
        var dir = Directory.CreateTempSubdirectory("w-").FullName;
        byte[] zip;
        using (var writer = FeatureFileWriter.Create(ExportFormat.Shp, schema, dir))
        {
            writer.Write(new ExportFeature(new WKTReader().Read("POINT (116.4 39.9)"), ["天安门"]));
            writer.Write(new ExportFeature(new WKTReader().Read("LINESTRING (116.4 39.9, 116.41 39.91)"), ["长安街"]));
            writer.Write(new ExportFeature(new WKTReader().Read(ClockwiseWithHole), ["公园"]));
            zip = File.ReadAllBytes(writer.Complete());
        }
        foreach (var (table, name, type) in new[] { ("basemap_points", "天安门", "Point"), ("basemap_lines", "长安街", "LineString"), ("basemap_polygons", "公园", "Polygon") })
        {
            var errors = new ImportErrorList();
            var read = ImportFile.Read(zip, ImportFormat.Shapefile, ImportLimits.Default, errors, InputCrs.Wgs84, table);
            Assert.False(errors.Any, string.Join("; ", errors.Errors));
            Assert.Equal(name, Assert.Single(read).Properties["name"]);
            Assert.Equal(type, read[0].Geometry!.GeometryType);
        }
        var none = new ImportErrorList();
        ImportFile.Read(zip, ImportFormat.Shapefile, ImportLimits.Default, none);
        Assert.Equal("table", Assert.Single(none.Errors).Field);
    }
}
