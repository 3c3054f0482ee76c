using System.IO.Compression;
using System.Text;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace GridGIS.Core.Export;

/// <summary>
/// An Esri Shapefile, zipped: <c>LAYER.shp</c>, <c>.shx</c>, <c>.dbf</c> (UTF-8, named by a <c>.cpg</c>), and a
/// <c>.prj</c> saying WGS84 (EPSG:4326). Attribute names are dBASE's (at most 10 characters, see
/// <see cref="Import.ShapefileFieldNames"/>); text fields hold 254 bytes; lists are joined with <c>;</c>. Rings are
/// written as the Shapefile format wants them (exterior clockwise); every reader turns them back. A Shapefile holds
/// one geometry type: a layer of mixed types is written as up to three Shapefiles in the one zip
/// (<c>LAYER_points</c>, <c>LAYER_lines</c>, <c>LAYER_polygons</c>).
/// </summary>
internal sealed class ShapefileFileWriter : FeatureFileWriter
{
    /// <summary>WGS84 in the ESRI WKT that GDAL writes to a <c>.prj</c>.</summary>
    public const string Wgs84Prj =
        "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

    private readonly string _folder;
    private readonly Dictionary<ShapeType, ShapefileWriter> _writers = [];
    private readonly string[] _names;

    public ShapefileFileWriter(ExportSchema schema, string directory) : base(schema, directory)
    {
        _folder = Path.Combine(directory, schema.Layer + "_shp");
        System.IO.Directory.CreateDirectory(_folder);
        _names = [.. schema.Fields.Select(f => Import.ShapefileFieldNames.Short(f.Name))];
        if (_names.Distinct(StringComparer.OrdinalIgnoreCase).Count() != _names.Length)
            throw new ArgumentException($"two attributes of {schema.Layer} have the same dBASE name", nameof(schema));
    }

    protected override void WriteCore(Geometry geometry, IReadOnlyList<object?> values)
    {
        var type = geometry switch
        {
            Point => ShapeType.Point,
            MultiPoint => ShapeType.MultiPoint,
            LineString or MultiLineString => ShapeType.PolyLine,
            Polygon or MultiPolygon => ShapeType.Polygon,
            _ => throw new ArgumentException($"a Shapefile cannot hold a {geometry.GeometryType}", nameof(geometry)),
        };
        if (!_writers.TryGetValue(type, out var writer)) _writers[type] = writer = Open(type);
        var attributes = new AttributesTable();
        for (var i = 0; i < values.Count; i++) attributes.Add(_names[i], Value(values[i], Schema.Fields[i].Type));
        writer.Write(new Feature(geometry, attributes));
    }

    private ShapefileWriter Open(ShapeType type)
    {
        var name = Schema.GeometryType != "Geometry" ? Schema.Layer : Schema.Layer + type switch
        {
            ShapeType.Point or ShapeType.MultiPoint => "_points",
            ShapeType.PolyLine => "_lines",
            _ => "_polygons",
        };
        var options = new ShapefileWriterOptions(type) { Encoding = new UTF8Encoding(false), Projection = Wgs84Prj };
        for (var i = 0; i < _names.Length; i++)
        {
            switch (Schema.Fields[i].Type)
            {
                case ExportFieldType.Integer: options.AddNumericInt64Field(_names[i]); break;
                case ExportFieldType.Real: options.AddNumericDoubleField(_names[i]); break;
                case ExportFieldType.Boolean: options.AddLogicalField(_names[i]); break;
                default: options.AddCharacterField(_names[i], 254); break;
            }
        }
        var path = Path.Combine(_folder, name + ".shp");
        var writer = Shapefile.OpenWrite(path, options);
        File.WriteAllText(Path.ChangeExtension(path, ".cpg"), "UTF-8");
        return writer;
    }

    private static object? Value(object? v, ExportFieldType type) => type switch
    {
        _ when v is null => null,
        ExportFieldType.Integer => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture),
        ExportFieldType.Real => Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture),
        ExportFieldType.Boolean => (bool)v,
        ExportFieldType.TextList => string.Join(';', Words(v)),
        _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
    };

    public override string Complete()
    {
        if (_writers.Count == 0) _writers[ShapeTypeOf(Schema.GeometryType)] = Open(ShapeTypeOf(Schema.GeometryType));
        foreach (var w in _writers.Values) w.Dispose();
        _writers.Clear();
        var zip = Path.Combine(Directory, Schema.Layer + ".zip");
        ZipFile.CreateFromDirectory(_folder, zip, CompressionLevel.Fastest, includeBaseDirectory: false);
        return zip;
    }

    private static ShapeType ShapeTypeOf(string geometryType) => geometryType switch
    {
        "Point" => ShapeType.Point,
        "LineString" or "MultiLineString" => ShapeType.PolyLine,
        _ => ShapeType.Polygon,
    };

    protected override void Dispose(bool disposing)
    {
        if (disposing) foreach (var w in _writers.Values) w.Dispose();
        base.Dispose(disposing);
    }
}
