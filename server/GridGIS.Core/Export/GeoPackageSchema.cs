namespace GridGIS.Core.Export;

/// <summary>The statements that make an empty GeoPackage 1.3 (OGC 12-128r18, the required tables) with one feature table.</summary>
internal static class GeoPackageSchema
{
    private const string Wgs84 =
        "GEOGCS[\"WGS 84\",DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]],UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]],AUTHORITY[\"EPSG\",\"4326\"]]";

    /// <summary>An SQLite identifier, quoted.</summary>
    public static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static IEnumerable<string> Create(ExportSchema schema)
    {
        yield return "pragma application_id = 1196444487";   // 'GPKG'
        yield return "pragma user_version = 10300";
        yield return """
            create table gpkg_spatial_ref_sys (srs_name text not null, srs_id integer primary key, organization text not null,
                organization_coordsys_id integer not null, definition text not null, description text)
            """;
        yield return "insert into gpkg_spatial_ref_sys values ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system')";
        yield return "insert into gpkg_spatial_ref_sys values ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system')";
        yield return $"insert into gpkg_spatial_ref_sys values ('WGS 84 geodetic', 4326, 'EPSG', 4326, {Literal(Wgs84)}, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')";
        yield return """
            create table gpkg_contents (table_name text not null primary key, data_type text not null, identifier text unique,
                description text default '', last_change datetime not null default (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
                min_x double, min_y double, max_x double, max_y double, srs_id integer references gpkg_spatial_ref_sys (srs_id))
            """;
        yield return """
            create table gpkg_geometry_columns (table_name text not null, column_name text not null, geometry_type_name text not null,
                srs_id integer not null references gpkg_spatial_ref_sys (srs_id), z tinyint not null, m tinyint not null,
                primary key (table_name, column_name), unique (table_name), foreign key (table_name) references gpkg_contents (table_name))
            """;
        var columns = schema.Fields.Select(f => $"{Quote(f.Name)} {Type(f.Type)}").Prepend($"geom {schema.GeometryType.ToUpperInvariant()}")
            .Prepend("fid integer primary key autoincrement not null");
        yield return $"create table {Quote(schema.Layer)} ({string.Join(", ", columns)})";
        yield return $"insert into gpkg_contents (table_name, data_type, identifier, srs_id) values ({Literal(schema.Layer)}, 'features', {Literal(schema.Layer)}, 4326)";
        yield return $"insert into gpkg_geometry_columns values ({Literal(schema.Layer)}, 'geom', {Literal(schema.GeometryType.ToUpperInvariant())}, 4326, 0, 0)";
    }

    private static string Type(ExportFieldType t) => t switch
    {
        ExportFieldType.Integer => "INTEGER",
        ExportFieldType.Real => "REAL",
        ExportFieldType.Boolean => "BOOLEAN",
        _ => "TEXT",
    };
}
