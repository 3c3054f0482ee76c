using GridGIS.Core.Geo;
using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Import;

/// <summary>
/// Reads one feature table of an OGC GeoPackage (1.0 to 1.4): any table listed in <c>gpkg_geometry_columns</c>, by
/// name (<c>table</c>) when there are several. Its <c>srs_id</c> is honoured through <c>gpkg_spatial_ref_sys</c>
/// (EPSG:4326 and 4490 and the undefined geographic 0 as lon/lat, anything else by its WKT definition, see
/// <see cref="SourceCrs"/>). Every other column becomes a property. SQLite reads files, not memory: the upload is
/// written to a private temporary file, opened read-only and deleted at once.
/// </summary>
public static class GeoPackageFeatureReader
{
    private static readonly byte[] SqliteHeader = "SQLite format 3\0"u8.ToArray();

    public static IReadOnlyList<SourceFeature> Read(ReadOnlyMemory<byte> bytes, InputCrs requested, string? table, ImportLimits limits, ImportErrorList errors)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(errors);
        if (!bytes.Span.StartsWith(SqliteHeader))
        {
            errors.Add(null, null, "file", "not a GeoPackage (an SQLite 3 file starts with 'SQLite format 3')");
            return [];
        }
        var path = Path.Combine(Path.GetTempPath(), $"gridgis-import-{Guid.NewGuid():N}.gpkg");
        try
        {
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.None))
                file.Write(bytes.Span);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var cs = new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString();
            using var conn = new SqliteConnection(cs);
            conn.Open();
            return ReadOpen(conn, requested, table, limits, errors);
        }
        catch (SqliteException e)
        {
            errors.Add(null, null, "file", $"the GeoPackage cannot be read: {e.Message}");
            return [];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static List<SourceFeature> ReadOpen(SqliteConnection conn, InputCrs requested, string? table, ImportLimits limits, ImportErrorList errors)
    {
        var layers = new List<(string Table, string Column, long Srs)>();
        using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "select table_name, column_name, srs_id from gpkg_geometry_columns order by table_name";
            using var r = cmd.ExecuteReader();
            while (r.Read()) layers.Add((r.GetString(0), r.GetString(1), r.GetInt64(2)));
        }
        if (layers.Count == 0) { errors.Add(null, null, "file", "the GeoPackage has no feature table (gpkg_geometry_columns is empty)"); return []; }
        var names = string.Join(", ", layers.Select(l => l.Table));
        var picked = table is null ? layers : layers.Where(l => l.Table.Equals(table, StringComparison.OrdinalIgnoreCase)).ToList();
        if (picked.Count != 1)
        {
            errors.Add(null, null, "table", table is null
                ? $"the GeoPackage has {layers.Count} feature tables ({names}); name one with table"
                : $"no feature table '{table}' in the GeoPackage; it has {names}");
            return [];
        }
        var (name, column, srs) = picked[0];
        if (SrsOf(conn, srs, errors) is not { } crs) return [];
        if (TableFeatures.CrsConflict(crs, requested, $"the GeoPackage's srs_id {srs}") is { } conflict) { errors.Add(null, null, "crs", conflict); return []; }
        var quoted = "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        using (var count = conn.CreateCommand())
        {
            count.CommandText = $"select count(*) from {quoted}";
            var n = (long)count.ExecuteScalar()!;
            if (n > limits.MaxFeatures) { errors.Add(null, null, "file", $"{n} features in '{name}'; at most {limits.MaxFeatures} per import (split the file)"); return []; }
            if (n == 0) { errors.Add(null, null, "file", $"the feature table '{name}' is empty"); return []; }
        }
        var result = new List<SourceFeature>();
        var reader = new GeoPackageGeoReader(SourceFeature.Factory.CoordinateSequenceFactory, SourceFeature.Factory.PrecisionModel);
        using var select = conn.CreateCommand();
        select.CommandText = $"select * from {quoted}";
        using var rows = select.ExecuteReader();
        var geometryOrdinal = rows.GetOrdinal(column);
        long vertices = 0;
        for (var index = 0; !errors.Full && rows.Read(); index++)
        {
            var props = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            for (var c = 0; c < rows.FieldCount; c++)
                if (c != geometryOrdinal) props[rows.GetName(c)] = rows.IsDBNull(c) ? null : TableFeatures.Text(rows.GetValue(c))?.Trim();
            Geometry? g = null;
            if (!rows.IsDBNull(geometryOrdinal))
            {
                try
                {
                    g = reader.Read((byte[])rows.GetValue(geometryOrdinal));
                }
                catch (Exception e) when (e is ParseException or ArgumentException or InvalidCastException or IOException or InvalidOperationException)
                {
                    errors.Add(index, null, "geometry", $"the geometry blob cannot be read: {e.Message}");
                    result.Add(new SourceFeature(index, null, null, props));
                    continue;
                }
            }
            result.Add(new SourceFeature(index, null, TableFeatures.Shape(g, crs, index, limits, ref vertices, errors), props));
        }
        return result;
    }

    private static SourceCrs? SrsOf(SqliteConnection conn, long srs, ImportErrorList errors)
    {
        if (srs == 0) return SourceCrs.LonLat;
        using var cmd = conn.CreateCommand();
        cmd.CommandText = "select organization, organization_coordsys_id, definition from gpkg_spatial_ref_sys where srs_id = $srs";
        cmd.Parameters.AddWithValue("$srs", srs);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) { errors.Add(null, null, "srs", $"srs_id {srs} is not in gpkg_spatial_ref_sys"); return null; }
        var (org, code, definition) = (r.GetString(0), r.GetInt64(1), r.GetString(2));
        if (org.Equals("EPSG", StringComparison.OrdinalIgnoreCase) && code is 4326 or 4490) return SourceCrs.LonLat;
        var crs = SourceCrs.FromWkt(definition, out var error);
        if (crs is null) errors.Add(null, null, "srs", $"srs_id {srs} ({org}:{code}): {error}");
        return crs;
    }
}
