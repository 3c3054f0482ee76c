using System.Globalization;
using System.Text;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Import;

/// <summary>
/// Reads CSV (RFC 4180: comma-separated, fields quoted with <c>"</c>, <c>""</c> for a quote inside, a
/// quoted field may span lines) with a header row. Geometry comes from a <c>wkt</c> column (any type, in
/// lon/lat order) or from <c>lon</c>/<c>lat</c> columns (also <c>lng</c>, <c>longitude</c>, <c>latitude</c>)
/// for points; every other column becomes a property. Blank lines are skipped. An unbalanced quote or a
/// row with the wrong number of fields is reported with its line number.
/// </summary>
public static class CsvFeatureReader
{
    private static readonly string[] LonNames = ["lon", "lng", "longitude"];
    private static readonly string[] LatNames = ["lat", "latitude"];

    public static IReadOnlyList<SourceFeature> Read(string text, ImportLimits limits, ImportErrorList errors)
    {
        var records = Records(text, errors);
        if (errors.Any) return [];
        if (records.Count == 0) { errors.Add(null, null, "file", "the file is empty"); return []; }
        var (headerLine, header) = records[0];
        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var c = 0; c < header.Length; c++)
        {
            var name = header[c].Trim();
            if (name.Length == 0) errors.Add(null, headerLine, "header", $"column {c + 1} has no name");
            else if (!columns.TryAdd(name, c)) errors.Add(null, headerLine, "header", $"column '{name}' appears twice");
        }
        int Find(string[] names) => names.Select(n => columns.GetValueOrDefault(n, -1)).FirstOrDefault(i => i >= 0, -1);
        int wkt = columns.GetValueOrDefault("wkt", -1), lon = Find(LonNames), lat = Find(LatNames);
        if (wkt < 0 && (lon < 0 || lat < 0))
            errors.Add(null, headerLine, "header", "needs a 'wkt' column, or 'lon' and 'lat' columns for points");
        if (errors.Any) return [];
        if (records.Count == 1) { errors.Add(null, null, "file", "the file has a header but no rows"); return []; }
        if (records.Count - 1 > limits.MaxFeatures)
        {
            errors.Add(null, null, "file", $"{records.Count - 1} rows; at most {limits.MaxFeatures} per import (split the file)");
            return [];
        }

        var reader = new WKTReader();
        var result = new List<SourceFeature>(records.Count - 1);
        long vertices = 0;
        for (var r = 1; r < records.Count && !errors.Full; r++)
        {
            var (line, fields) = records[r];
            var index = r - 1;
            var props = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            if (fields.Length != header.Length)
            {
                errors.Add(index, line, "csv", $"has {fields.Length} fields, the header has {header.Length}");
                result.Add(new SourceFeature(index, line, null, props));
                continue;
            }
            for (var c = 0; c < fields.Length; c++)
                if (c != wkt && c != lon && c != lat) props[header[c].Trim()] = fields[c].Length == 0 ? null : fields[c];
            var geometry = wkt >= 0 && fields[wkt].Trim().Length > 0
                ? FromWkt(reader, fields[wkt], limits, index, line, errors)
                : FromLonLat(lon < 0 ? "" : fields[lon], lat < 0 ? "" : fields[lat], index, line, errors);
            if (geometry is not null)
            {
                vertices += geometry.NumPoints;
                if (geometry.NumPoints > limits.MaxVerticesPerGeometry)
                {
                    errors.Add(index, line, "wkt", $"more than {limits.MaxVerticesPerGeometry} vertices in one geometry");
                    geometry = null;
                }
                else if (vertices > limits.MaxVerticesTotal)
                {
                    errors.Add(index, line, "wkt", $"more than {limits.MaxVerticesTotal} vertices in the file; split it");
                    break;
                }
            }
            result.Add(new SourceFeature(index, line, geometry, props));
        }
        return result;
    }

    private static Geometry? FromWkt(WKTReader reader, string wkt, ImportLimits limits, int index, int line, ImportErrorList errors)
    {
        // Checked before NTS sees the text: it builds and copies nested collections recursively.
        if (wkt.Length > limits.MaxWktLength)
        {
            errors.Add(index, line, "wkt", $"the WKT has {wkt.Length} characters; at most {limits.MaxWktLength} in one geometry");
            return null;
        }
        if (NestingDepth(wkt) > limits.MaxWktDepth)
        {
            errors.Add(index, line, "wkt", $"the WKT is nested more than {limits.MaxWktDepth} levels deep (a MultiPolygon needs 3)");
            return null;
        }
        try
        {
            var g = reader.Read(wkt);
            return SourceFeature.Factory.CreateGeometry(g);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException or InvalidOperationException)
        {
            errors.Add(index, line, "wkt", $"not valid WKT: {e.Message}");
            return null;
        }
    }

    /// <summary>The deepest parenthesis nesting of <paramref name="wkt"/> (0 for none), counted without recursion.</summary>
    internal static int NestingDepth(string wkt)
    {
        int depth = 0, deepest = 0;
        foreach (var c in wkt)
        {
            if (c == '(') deepest = Math.Max(deepest, ++depth);
            else if (c == ')') depth--;
        }
        return deepest;
    }

    private static Point? FromLonLat(string lonText, string latText, int index, int line, ImportErrorList errors)
    {
        var ok = true;
        double Parse(string s, string field)
        {
            if (s.Trim().Length == 0) { errors.Add(index, line, field, $"{field} is missing"); ok = false; return 0; }
            if (!double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d))
            { errors.Add(index, line, field, $"'{Shorten(s)}' is not a number"); ok = false; return 0; }
            if (!double.IsFinite(d)) { errors.Add(index, line, field, $"'{Shorten(s)}' is not a finite number"); ok = false; }
            return d;
        }
        var x = Parse(lonText, "lon");
        var y = Parse(latText, "lat");
        return ok ? SourceFeature.Factory.CreatePoint(new Coordinate(x, y)) : null;
    }

    internal static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "...";

    /// <summary>Splits the text into records of fields, each with the line it starts on.</summary>
    internal static List<(int Line, string[] Fields)> Records(string text, ImportErrorList errors)
    {
        var records = new List<(int, string[])>();
        var fields = new List<string>();
        var field = new StringBuilder();
        int line = 1, start = 1, i = 0;
        var quoted = false;
        var wasQuoted = false;
        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            if (!(fields.Count == 1 && fields[0].Trim().Length == 0 && !wasQuoted)) records.Add((start, fields.ToArray()));
            fields.Clear();
            wasQuoted = false;
        }
        while (i < text.Length)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                    quoted = false;
                    i++;
                    if (i < text.Length && text[i] is not (',' or '\r' or '\n'))
                    {
                        errors.Add(null, line, "csv", $"unexpected '{text[i]}' after a closing quote (a quote inside a quoted field is written \"\")");
                        return records;
                    }
                    continue;
                }
                if (ch == '\n') line++;
                field.Append(ch);
                i++;
                continue;
            }
            switch (ch)
            {
                case '"' when field.Length == 0:
                    quoted = wasQuoted = true;
                    i++;
                    break;
                case '"':
                    errors.Add(null, line, "csv", "a quote inside an unquoted field (quote the whole field and write \"\")");
                    return records;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    i++;
                    break;
                case '\r' or '\n':
                    EndRecord();
                    i += ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                    line++;
                    start = line;
                    break;
                default:
                    field.Append(ch);
                    i++;
                    break;
            }
        }
        if (quoted)
        {
            errors.Add(null, start, "csv", $"a quoted field opened on line {start} is never closed (unbalanced quote)");
            return records;
        }
        if (field.Length > 0 || fields.Count > 0) EndRecord();
        return records;
    }
}
