using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>
/// One feature as read from a file, before validation: its geometry still in the input CRS (null when
/// it could not be read, the error already reported) and its properties as text (null for JSON null or
/// an empty CSV cell), keyed case-insensitively.
/// </summary>
public sealed record SourceFeature(int Index, int? Line, Geometry? Geometry, IReadOnlyDictionary<string, string?> Properties)
{
    /// <summary>The factory every import geometry is built with: 2D, floating precision, SRID 4326.</summary>
    public static GeometryFactory Factory { get; } = new(new PrecisionModel(), 4326);
}

/// <summary>
/// Turns an uploaded file's bytes into text: UTF-8 only (a UTF-8 byte-order mark is skipped).
/// UTF-16/32 and invalid UTF-8 (e.g. a CSV saved as GBK by a spreadsheet) are reported with the
/// line and byte where decoding failed.
/// </summary>
public static class ImportText
{
    private static readonly System.Text.UTF8Encoding Strict = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The UTF-8 content without its BOM, or null with an error added.</summary>
    public static ReadOnlyMemory<byte>? Utf8Body(ReadOnlyMemory<byte> bytes, ImportErrorList errors)
    {
        var span = bytes.Span;
        if (span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) bytes = bytes[3..];
        else if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            errors.Add(null, null, "file", "the file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8");
            return null;
        }
        if (IsBlank(bytes.Span))
        {
            errors.Add(null, null, "file", "the file is empty");
            return null;
        }
        try
        {
            Strict.GetCharCount(bytes.Span);
        }
        catch (System.Text.DecoderFallbackException e)
        {
            var at = FirstInvalid(bytes.Span, e.Index);
            var line = 1 + bytes.Span[..at].Count((byte)'\n');
            errors.Add(null, line, "file",
                $"the file is not valid UTF-8 (byte {at} on line {line}); save it as UTF-8, not GBK or another local encoding");
            return null;
        }
        return bytes;
    }

    /// <summary>Decodes already-checked UTF-8.</summary>
    public static string Decode(ReadOnlySpan<byte> utf8) => Strict.GetString(utf8);

    private static bool IsBlank(ReadOnlySpan<byte> s)
    {
        foreach (var b in s) if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return false;
        return true;
    }

    // The decoder's index is relative to its internal buffer; find the first bad sequence ourselves.
    private static int FirstInvalid(ReadOnlySpan<byte> s, int hint)
    {
        var i = 0;
        while (i < s.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(s[i..], out _, out var consumed);
            if (status != System.Buffers.OperationStatus.Done) return i;
            i += consumed;
        }
        return Math.Clamp(hint, 0, s.Length);
    }
}

/// <summary>Reads a whole uploaded file of any format into features, reporting what cannot be read.</summary>
public static class ImportFile
{
    /// <param name="bytes">the file as uploaded</param>
    /// <param name="format">its format</param>
    /// <param name="limits">the bounds of one import</param>
    /// <param name="errors">where what cannot be read is reported</param>
    /// <param name="crs">the coordinates' CRS as the request says: a Shapefile or GeoPackage in projected metres refuses gcj02/bd09</param>
    /// <param name="table">a Shapefile's name in a zip of several, or a GeoPackage's feature table; null when there is one</param>
    public static IReadOnlyList<SourceFeature> Read(ReadOnlyMemory<byte> bytes, ImportFormat format, ImportLimits limits, ImportErrorList errors,
        InputCrs crs = InputCrs.Wgs84, string? table = null)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (bytes.Length > limits.MaxBytes)
        {
            errors.Add(null, null, "file", $"the file has {bytes.Length} bytes; at most {limits.MaxBytes}");
            return [];
        }
        if (bytes.Length == 0)
        {
            errors.Add(null, null, "file", "the file is empty");
            return [];
        }
        switch (format)
        {
            case ImportFormat.Shapefile: return ShapefileFeatureReader.Read(bytes, crs, table, limits, errors);
            case ImportFormat.GeoPackage: return GeoPackageFeatureReader.Read(bytes, crs, table, limits, errors);
        }
        if (ImportText.Utf8Body(bytes, errors) is not { } utf8) return [];
        return format switch
        {
            ImportFormat.GeoJson => GeoJsonFeatureReader.Read(utf8, limits, errors),
            ImportFormat.Csv => CsvFeatureReader.Read(ImportText.Decode(utf8.Span), limits, errors),
            _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown format"),
        };
    }
}
