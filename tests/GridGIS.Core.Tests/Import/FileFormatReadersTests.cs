using System.IO.Compression;
using System.Text;
using GridGIS.Core.Geo;
using GridGIS.Core.Import;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace GridGIS.Core.Tests.Import;

/// <summary>The Shapefile and GeoPackage readers: CRS from .prj, encodings from .cpg, several tables, and hostile archives refused.</summary>
public sealed class FileFormatReadersTests
{
    private const string Gk117Prj = """PROJCS["CGCS2000_3_Degree_GK_CM_117E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",117.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]""";
    private const string Beijing1954Prj = """GEOGCS["GCS_Beijing_1954",DATUM["D_Beijing_1954",SPHEROID["Krasovsky_1940",6378245.0,298.3]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]""";

    /// <summary>A zipped Shapefile of points named <paramref name="names"/>, in <paramref name="encoding"/>, with the given extra files.</summary>
    private static byte[] ShapefileZip(Encoding encoding, (double X, double Y)[] points, string[] names, params (string Name, string Text)[] extra)
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-shp-test-").FullName;
        try
        {
            var options = new ShapefileWriterOptions(ShapeType.Point) { Encoding = encoding };
            options.AddCharacterField("name_zh", 100);
            options.AddCharacterField("street_cd", 20);
            using (var writer = Shapefile.OpenWrite(Path.Combine(dir, "facilities.shp"), options))
                for (var i = 0; i < points.Length; i++)
                    writer.Write(new Feature(new Point(points[i].X, points[i].Y), new AttributesTable { { "name_zh", names[i] }, { "street_cd", "110105001" } }));
            foreach (var f in Directory.GetFiles(dir, "*.cpg")) File.Delete(f);
            foreach (var (name, text) in extra) File.WriteAllText(Path.Combine(dir, name), text);
            using var zip = new MemoryStream();
            using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
                foreach (var f in Directory.GetFiles(dir)) archive.CreateEntryFromFile(f, Path.GetFileName(f));
            return zip.ToArray();
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    private static (IReadOnlyList<SourceFeature> Features, ImportErrorList Errors) Read(byte[] bytes, ImportFormat format, InputCrs crs = InputCrs.Wgs84,
        string? table = null, ImportLimits? limits = null)
    {
        var errors = new ImportErrorList();
        return (ImportFile.Read(bytes, format, limits ?? ImportLimits.Default, errors, crs, table), errors);
    }

    [Fact]
    public void Shapefile_KeepsChineseNames_WhenCpgSaysGbk()
    {
        var gbk = TableFeatures.EncodingNamed("GBK")!;
        var (features, errors) = Read(ShapefileZip(gbk, [(116.45, 39.92)], ["三里屯街道"], ("facilities.cpg", "GBK")), ImportFormat.Shapefile);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        Assert.Equal("三里屯街道", Assert.Single(features).Properties["name_zh"]);
        Assert.Equal("110105001", features[0].Properties["street_code"]);   // street_cd read back under its long name
    }

    [Fact]
    public void Shapefile_IsRefusedWithAHint_WhenGbkHasNoCpg()
    {
        var (_, errors) = Read(ShapefileZip(TableFeatures.EncodingNamed("GBK")!, [(116.45, 39.92)], ["三里屯街道"]), ImportFormat.Shapefile);
        var e = Assert.Single(errors.Errors);
        Assert.Equal("dbf", e.Field);
        Assert.Contains(".cpg", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shapefile_IsProjectedBackToLonLat_WhenPrjIsAGaussKrugerZone()
    {
        var zone = new LocalProjection(117);
        var (x, y) = zone.Forward(116.4567891, 39.9234567);
        var (features, errors) = Read(ShapefileZip(Encoding.UTF8, [(x, y)], ["a"], ("facilities.prj", Gk117Prj), ("facilities.cpg", "UTF-8")), ImportFormat.Shapefile);
        Assert.False(errors.Any, string.Join("; ", errors.Errors));
        var p = (Point)Assert.Single(features).Geometry!;
        Assert.Equal(116.4567891, p.X, 1e-8);
        Assert.Equal(39.9234567, p.Y, 1e-8);
    }

    [Fact]
    public void Shapefile_InMetres_RefusesGcj02()
    {
        var (x, y) = new LocalProjection(117).Forward(116.45, 39.92);
        var (_, errors) = Read(ShapefileZip(Encoding.UTF8, [(x, y)], ["a"], ("facilities.prj", Gk117Prj)), ImportFormat.Shapefile, InputCrs.Gcj02);
        Assert.Equal("crs", Assert.Single(errors.Errors).Field);
    }

    [Fact]
    public void Shapefile_IsRefused_WhenPrjIsBeijing1954()
    {
        var (_, errors) = Read(ShapefileZip(Encoding.UTF8, [(116.45, 39.92)], ["a"], ("facilities.prj", Beijing1954Prj)), ImportFormat.Shapefile);
        var e = Assert.Single(errors.Errors);
        Assert.Equal("prj", e.Field);
        Assert.Contains("Beijing 1954", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_IsRefused_WhenAnEntryClimbsOut()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            using (var w = new StreamWriter(archive.CreateEntry("../../etc/evil.shp").Open())) w.Write("x");
        var (_, errors) = Read(zip.ToArray(), ImportFormat.Shapefile);
        var e = Assert.Single(errors.Errors);
        Assert.Equal("zip", e.Field);
        Assert.Contains("climbs out", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_IsRefused_WhenItUnpacksBeyondTheLimit()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            using (var s = archive.CreateEntry("bomb.dbf", CompressionLevel.SmallestSize).Open()) s.Write(new byte[4 * 1024 * 1024]);
        Assert.True(zip.Length < 64 * 1024, "the test archive should be small");
        var (_, errors) = Read(zip.ToArray(), ImportFormat.Shapefile, limits: ImportLimits.Default with { MaxUnpackedBytes = 1024 * 1024 });
        var e = Assert.Single(errors.Errors);
        Assert.Equal("zip", e.Field);
        Assert.Contains("unpacks to more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_IsRefused_WhenItHasTooManyEntries()
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
            for (var i = 0; i < 65; i++) archive.CreateEntry($"f{i}.txt");
        var (_, errors) = Read(zip.ToArray(), ImportFormat.Shapefile);
        Assert.Contains("at most 64", Assert.Single(errors.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GeoPackage_NamesItsTables_WhenThereAreSeveralAndNoneIsChosen()
    {
        var bytes = GeoPackageOf(("streets", "POINT (116.45 39.92)"), ("grids", "POINT (116.46 39.93)"));
        var (_, errors) = Read(bytes, ImportFormat.GeoPackage);
        var e = Assert.Single(errors.Errors);
        Assert.Equal("table", e.Field);
        Assert.Contains("grids, streets", e.Message, StringComparison.Ordinal);
        var (features, chosen) = Read(bytes, ImportFormat.GeoPackage, table: "grids");
        Assert.False(chosen.Any, string.Join("; ", chosen.Errors));
        Assert.Equal("POINT (116.46 39.93)", Assert.Single(features).Geometry!.AsText());
    }

    [Fact]
    public void GeoPackage_IsRefused_WhenItIsNotSqlite()
    {
        var (_, errors) = Read("not a database"u8.ToArray(), ImportFormat.GeoPackage);
        Assert.Contains("SQLite", Assert.Single(errors.Errors).Message, StringComparison.Ordinal);
    }

    /// <summary>A GeoPackage with one table per (name, WKT), written by the export's own writer and merged.</summary>
    private static byte[] GeoPackageOf(params (string Table, string Wkt)[] tables)
    {
        var dir = Directory.CreateTempSubdirectory("gridgis-gpkg-test-").FullName;
        try
        {
            var first = "";
            foreach (var (table, wkt) in tables)
            {
                using var w = GridGIS.Core.Export.FeatureFileWriter.Create(GridGIS.Core.Export.ExportFormat.Gpkg,
                    new(table, "Point", [new("name", GridGIS.Core.Export.ExportFieldType.Text)]), dir);
                w.Write(new(new WKTReader().Read(wkt), [table]));
                var path = w.Complete();
                if (first.Length == 0) { first = path; continue; }
                using var conn = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={first};Pooling=False");
                conn.Open();
                using var cmd = conn.CreateCommand();
                cmd.CommandText = $"""
                    attach database '{path}' as other;
                    create table "{table}" as select * from other."{table}";
                    insert into gpkg_contents select * from other.gpkg_contents;
                    insert into gpkg_geometry_columns select * from other.gpkg_geometry_columns;
                    """;
                cmd.ExecuteNonQuery();
            }
            return File.ReadAllBytes(first);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
