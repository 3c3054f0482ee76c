using System.Globalization;
using System.Text;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>
/// What the Shapefile and GeoPackage readers share: attribute values as text (as the GeoJSON and CSV readers give
/// them), geometries brought to lon/lat from the file's CRS with a single-part multi-geometry unwrapped (a Shapefile
/// has no LineString, only PolyLines), the vertex limits, and text encodings by name (<c>.cpg</c>).
/// </summary>
internal static class TableFeatures
{
    static TableFeatures() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>An attribute value as text: numbers invariant and round-trippable, booleans true/false, dates ISO 8601.</summary>
    public static string? Text(object? value) => value switch
    {
        null or DBNull => null,
        string s => s.Length == 0 ? null : s,
        bool b => b ? "true" : "false",
        double d => d == Math.Floor(d) && Math.Abs(d) < 1e15 ? d.ToString("0", CultureInfo.InvariantCulture) : d.ToString("R", CultureInfo.InvariantCulture),
        float f => ((double)f).ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString(t.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "o", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// The geometry in lon/lat on <see cref="SourceFeature.Factory"/>, a one-part multi-geometry as its part; null with
    /// an error when it is empty or over the vertex limits (<paramref name="total"/> counts the file's vertices).
    /// </summary>
    public static Geometry? Shape(Geometry? g, SourceCrs crs, int index, ImportLimits limits, ref long total, ImportErrorList errors)
    {
        if (g is null || g.IsEmpty)
        {
            errors.Add(index, null, "geometry", "the feature has no geometry (a null shape)");
            return null;
        }
        if (g.NumPoints > limits.MaxVerticesPerGeometry)
        {
            errors.Add(index, null, "geometry", $"more than {limits.MaxVerticesPerGeometry} vertices in one geometry");
            return null;
        }
        if (g.NumGeometries > limits.MaxPartsPerGeometry)
        {
            errors.Add(index, null, "geometry", $"more than {limits.MaxPartsPerGeometry} parts in one geometry");
            return null;
        }
        total += g.NumPoints;
        if (total > limits.MaxVerticesTotal)
        {
            errors.Add(index, null, "geometry", $"more than {limits.MaxVerticesTotal} vertices in the file; split it");
            return null;
        }
        if (g is GeometryCollection { NumGeometries: 1 } one) g = one.GetGeometryN(0);
        var copy = SourceFeature.Factory.CreateGeometry(g);
        if (!crs.IsGeographic)
        {
            copy.Apply(new ToLonLat(crs));
            copy.GeometryChanged();
        }
        // A Shapefile's exteriors run clockwise (its format's rule); hand on RFC 7946's.
        return RingOrder.RightHand(copy);
    }

    /// <summary>
    /// The encoding a <c>.cpg</c> (or a GeoPackage's declared one) names, strict: a byte it cannot decode throws. UTF-8
    /// (<c>UTF-8</c>, <c>65001</c>), GBK (<c>GBK</c>, <c>CP936</c>, <c>936</c>, <c>GB2312</c>), GB18030, ISO-8859-1 and
    /// any other Windows code page by number or name; null when unknown.
    /// </summary>
    public static Encoding? EncodingNamed(string name)
    {
        var key = name.Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        if (key.StartsWith("ANSI", StringComparison.Ordinal)) key = key[4..];
        if (key.StartsWith("CP", StringComparison.Ordinal) && key.Length > 2 && char.IsAsciiDigit(key[2])) key = key[2..];
        int? codePage = key switch
        {
            "UTF-8" or "UTF8" or "65001" => 65001,
            "GBK" or "GB2312" or "936" or "EUC-CN" => 936,
            "GB18030" or "54936" => 54936,
            "88591" or "ISO-8859-1" or "ISO8859-1" or "LATIN1" or "28591" => 28591,
            "BIG5" or "950" => 950,
            _ => int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null,
        };
        try
        {
            return codePage is { } cp
                ? Encoding.GetEncoding(cp, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                : Encoding.GetEncoding(key, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Strict UTF-8: what a file that names no encoding is read as.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(false, throwOnInvalidBytes: true);

    private sealed class ToLonLat(SourceCrs crs) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (lon, lat) = crs.ToLonLat(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, lon);
                seq.SetY(i, lat);
            }
        }
    }

    /// <summary>Keeps <see cref="ChinaCoordinates"/> in the import's vocabulary: the crs parameter only shifts lon/lat files.</summary>
    public static string? CrsConflict(SourceCrs fileCrs, InputCrs requested, string what) =>
        fileCrs.IsGeographic || requested == InputCrs.Wgs84 ? null
            : $"crs={requested.ToString().ToLowerInvariant()} shifts lon/lat coordinates, but {what} says the coordinates are projected ({fileCrs.Name}); leave crs out";
}
