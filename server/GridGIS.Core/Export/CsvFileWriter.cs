using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Export;

/// <summary>
/// CSV (RFC 4180, UTF-8 without a byte-order mark, CRLF) in the import's own format: a <c>wkt</c> column first (WGS84
/// lon/lat, 7 decimals, exterior rings counter-clockwise), then one column per attribute; lists joined with <c>;</c>,
/// booleans true/false, numbers invariant. Every field that needs it is quoted.
/// </summary>
internal sealed class CsvFileWriter : FeatureFileWriter
{
    private readonly string _path;
    private readonly StreamWriter _out;
    private readonly WKTWriter _wkt = new() { MaxCoordinatesPerLine = int.MaxValue };

    public CsvFileWriter(ExportSchema schema, string directory) : base(schema, directory)
    {
        _path = Path.Combine(directory, schema.Layer + ".csv");
        _out = new StreamWriter(new FileStream(_path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 65536), new UTF8Encoding(false)) { NewLine = "\r\n" };
        _out.WriteLine(string.Join(',', schema.Fields.Select(f => Quote(f.Name)).Prepend("wkt")));
    }

    protected override void WriteCore(Geometry geometry, IReadOnlyList<object?> values)
    {
        _out.Write(Quote(_wkt.Write(geometry)));
        for (var i = 0; i < values.Count; i++)
        {
            _out.Write(',');
            _out.Write(Quote(Text(values[i], Schema.Fields[i].Type)));
        }
        _out.WriteLine();
    }

    private static string Text(object? v, ExportFieldType type) => v switch
    {
        null => "",
        bool b => b ? "true" : "false",
        string s when type != ExportFieldType.TextList => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => string.Join(';', Words(v)),
    };

    private static string Quote(string s) =>
        s.AsSpan().IndexOfAny(",\"\r\n") < 0 && (s.Length == 0 || (s[0] != ' ' && s[^1] != ' ')) ? s : "\"" + s.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public override string Complete()
    {
        _out.Flush();
        _out.Dispose();
        return _path;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _out.Dispose();
        base.Dispose(disposing);
    }
}
