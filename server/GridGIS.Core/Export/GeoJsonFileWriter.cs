using System.Text.Encodings.Web;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Export;

/// <summary>
/// GeoJSON (RFC 7946): a FeatureCollection named after the layer, positions [lon, lat] to 7 decimals, exterior rings
/// counter-clockwise; lists as arrays of strings; written to <c>LAYER.geojson</c> as it goes.
/// </summary>
internal sealed class GeoJsonFileWriter : FeatureFileWriter
{
    private readonly string _path;
    private readonly FileStream _file;
    private readonly Utf8JsonWriter _json;

    public GeoJsonFileWriter(ExportSchema schema, string directory) : base(schema, directory)
    {
        _path = Path.Combine(directory, schema.Layer + ".geojson");
        _file = new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536);
        _json = new Utf8JsonWriter(_file, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartObject();
        _json.WriteString("type", "FeatureCollection");
        _json.WriteString("name", schema.Layer);
        _json.WriteStartArray("features");
    }

    protected override void WriteCore(Geometry geometry, IReadOnlyList<object?> values)
    {
        _json.WriteStartObject();
        _json.WriteString("type", "Feature");
        _json.WritePropertyName("geometry");
        WriteGeometry(_json, geometry);
        _json.WriteStartObject("properties");
        for (var i = 0; i < values.Count; i++)
        {
            var field = Schema.Fields[i];
            _json.WritePropertyName(field.Name);
            var v = values[i];
            switch (v)
            {
                case null: _json.WriteNullValue(); break;
                case bool b: _json.WriteBooleanValue(b); break;
                case string s when field.Type != ExportFieldType.TextList: _json.WriteStringValue(s); break;
                case int n: _json.WriteNumberValue(n); break;
                case long n: _json.WriteNumberValue(n); break;
                case double d: _json.WriteNumberValue(d); break;
                case decimal m: _json.WriteNumberValue(m); break;
                default:
                    if (field.Type == ExportFieldType.TextList)
                    {
                        _json.WriteStartArray();
                        foreach (var w in Words(v)) _json.WriteStringValue(w);
                        _json.WriteEndArray();
                    }
                    else _json.WriteStringValue(Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }
        }
        _json.WriteEndObject();
        _json.WriteEndObject();
        if (_json.BytesPending > 32768) _json.Flush();
    }

    public override string Complete()
    {
        _json.WriteEndArray();
        _json.WriteEndObject();
        _json.Dispose();
        _file.Dispose();
        return _path;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && _file.CanWrite)
        {
            _json.Dispose();
            _file.Dispose();
        }
        base.Dispose(disposing);
    }

    /// <summary>An RFC 7946 geometry object; the caller has rounded and oriented it.</summary>
    internal static void WriteGeometry(Utf8JsonWriter json, Geometry g)
    {
        json.WriteStartObject();
        json.WriteString("type", g.GeometryType);
        if (g is GeometryCollection gc and not MultiPoint and not MultiLineString and not MultiPolygon)
        {
            json.WriteStartArray("geometries");
            foreach (var part in gc.Geometries) WriteGeometry(json, part);
            json.WriteEndArray();
        }
        else
        {
            json.WritePropertyName("coordinates");
            Coordinates(json, g);
        }
        json.WriteEndObject();
    }

    private static void Coordinates(Utf8JsonWriter json, Geometry g)
    {
        switch (g)
        {
            case Point p:
                Position(json, p.X, p.Y);
                break;
            case LineString l:
                Sequence(json, l.CoordinateSequence);
                break;
            case Polygon p:
                json.WriteStartArray();
                if (!p.IsEmpty)
                {
                    Sequence(json, p.Shell.CoordinateSequence);
                    foreach (var h in p.Holes) Sequence(json, h.CoordinateSequence);
                }
                json.WriteEndArray();
                break;
            case GeometryCollection multi:
                json.WriteStartArray();
                foreach (var part in multi.Geometries) Coordinates(json, part);
                json.WriteEndArray();
                break;
        }
    }

    private static void Sequence(Utf8JsonWriter json, CoordinateSequence s)
    {
        json.WriteStartArray();
        for (var i = 0; i < s.Count; i++) Position(json, s.GetX(i), s.GetY(i));
        json.WriteEndArray();
    }

    private static void Position(Utf8JsonWriter json, double x, double y)
    {
        json.WriteStartArray();
        json.WriteNumberValue(x);
        json.WriteNumberValue(y);
        json.WriteEndArray();
    }
}
