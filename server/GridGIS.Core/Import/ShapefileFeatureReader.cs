using System.Text;
using GridGIS.Core.Geo;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace GridGIS.Core.Import;

/// <summary>
/// Reads a zipped Esri Shapefile: a <c>.shp</c> and its <c>.dbf</c> (a <c>.shx</c> is not needed), in any folder of
/// the zip. Its <c>.prj</c> names the CRS (see <see cref="SourceCrs"/>; none: lon/lat); its <c>.cpg</c> the
/// attributes' encoding (UTF-8, GBK/CP936, GB18030, any code page), else the dBASE header's language driver, else
/// strict UTF-8 (a GBK file without <c>.cpg</c> is then refused with a hint, never read as mojibake). With several
/// Shapefiles in one zip, <c>table</c> picks one by its name without extension. Field names go through
/// <see cref="ShapefileFieldNames.Long"/>. The archive itself is unpacked by <see cref="SafeArchive"/>.
/// </summary>
public static class ShapefileFeatureReader
{
    public static IReadOnlyList<SourceFeature> Read(ReadOnlyMemory<byte> zip, InputCrs requested, string? table, ImportLimits limits, ImportErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (SafeArchive.Unpack(zip, limits, errors) is not { } files) return [];
        var shps = files.Keys.Where(k => k.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)).Order(StringComparer.Ordinal).ToList();
        if (shps.Count == 0)
        {
            errors.Add(null, null, "zip", $"the archive holds no .shp file (it holds {string.Join(", ", files.Keys.Take(10))})");
            return [];
        }
        static string Base(string path) => Path.GetFileNameWithoutExtension(path);
        string shp;
        if (table is not null)
        {
            var chosen = shps.Where(s => Base(s).Equals(table, StringComparison.OrdinalIgnoreCase)).ToList();
            if (chosen.Count != 1)
            {
                errors.Add(null, null, "table", $"no single Shapefile named '{table}' in the archive; it holds {string.Join(", ", shps.Select(Base))}");
                return [];
            }
            shp = chosen[0];
        }
        else if (shps.Count > 1)
        {
            errors.Add(null, null, "table", $"the archive holds {shps.Count} Shapefiles ({string.Join(", ", shps.Select(Base))}); name one with table");
            return [];
        }
        else shp = shps[0];

        var stem = shp[..^4];
        byte[]? Part(string ext) => files.TryGetValue(stem + ext, out var b) ? b : null;
        if (Part(".dbf") is not { } dbf)
        {
            errors.Add(null, null, "zip", $"'{stem}.shp' has no '{Path.GetFileName(stem)}.dbf' beside it (a Shapefile needs both)");
            return [];
        }
        var crs = SourceCrs.LonLat;
        if (Part(".prj") is { } prj)
        {
            crs = SourceCrs.FromWkt(Encoding.UTF8.GetString(prj), out var crsError)!;
            if (crsError is not null) { errors.Add(null, null, "prj", crsError); return []; }
        }
        if (TableFeatures.CrsConflict(crs, requested, "the .prj") is { } conflict) { errors.Add(null, null, "crs", conflict); return []; }
        var encoding = TableFeatures.Utf8;
        if (Part(".cpg") is { } cpg)
        {
            var name = Encoding.ASCII.GetString(cpg).Trim();
            if (TableFeatures.EncodingNamed(name) is not { } named) { errors.Add(null, null, "cpg", $"the .cpg names an unknown encoding '{name}'"); return []; }
            encoding = named;
        }
        else if (dbf.Length > 29 && LanguageDriverCodePage(dbf[29]) is { } codePage)
            encoding = TableFeatures.EncodingNamed(codePage) ?? encoding;

        var result = new List<SourceFeature>();
        var index = 0;
        try
        {
            using var reader = Shapefile.OpenRead(new MemoryStream(files[shp], false), new MemoryStream(dbf, false),
                new ShapefileReaderOptions { Encoding = encoding, Factory = SourceFeature.Factory });
            if (reader.RecordCount > limits.MaxFeatures)
            {
                errors.Add(null, null, "file", $"{reader.RecordCount} records; at most {limits.MaxFeatures} per import (split the file)");
                return [];
            }
            long vertices = 0;
            while (!errors.Full && reader.Read(out var deleted))
            {
                if (deleted) continue;
                var props = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
                foreach (var field in reader.Fields) props[ShapefileFieldNames.Long(field.Name)] = TableFeatures.Text(field.Value)?.Trim();
                result.Add(new SourceFeature(index, null, TableFeatures.Shape(reader.Geometry, crs, index, limits, ref vertices, errors), props));
                index++;
            }
        }
        catch (DecoderFallbackException)
        {
            errors.Add(index, null, "dbf", $"record {index}'s attributes are not valid {encoding.WebName}; " +
                (encoding.CodePage == 65001 ? "add a .cpg file naming the encoding (e.g. GBK)" : "is the .cpg right?"));
        }
        catch (Exception e) when (e is ShapefileException or IOException or ArgumentException or InvalidOperationException or FormatException
                                       or EndOfStreamException or IndexOutOfRangeException or NotSupportedException)
        {
            errors.Add(index, null, "shp", $"the Shapefile cannot be read at record {index}: {e.Message}");
        }
        if (result.Count == 0 && !errors.Any) errors.Add(null, null, "file", "the Shapefile has no records");
        return result;
    }

    /// <summary>The code page a dBASE header's language driver id names, for the ones Chinese data uses; null for none or others.</summary>
    private static string? LanguageDriverCodePage(byte id) => id switch
    {
        0x4D or 0x7A => "936",   // Chinese GBK (PRC)
        0x4F or 0x78 => "950",   // Chinese Big5 (Taiwan, Hong Kong)
        0x03 or 0x57 => "1252",  // Windows ANSI
        _ => null,
    };
}
