using Microsoft.Data.Sqlite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridGIS.Core.Export;

/// <summary>
/// An OGC GeoPackage 1.3 with one feature table named after the layer: <c>fid</c>, then <c>geom</c> (WGS84,
/// srs_id 4326, the standard binary with its envelope), then one column per attribute (TEXT, INTEGER, REAL, BOOLEAN;
/// lists as <c>;</c>-joined TEXT), written in one SQLite transaction; <c>gpkg_contents</c> carries the extent.
/// </summary>
internal sealed class GeoPackageFileWriter : FeatureFileWriter
{
    private readonly string _path;
    private readonly SqliteConnection _conn;
    private readonly SqliteTransaction _tx;
    private readonly SqliteCommand _insert;
    private readonly GeoPackageGeoWriter _geo = new();
    private Envelope _extent = new();

    public GeoPackageFileWriter(ExportSchema schema, string directory) : base(schema, directory)
    {
        _path = Path.Combine(directory, schema.Layer + ".gpkg");
        _conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = _path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false }.ToString());
        _conn.Open();
        Execute(GeoPackageSchema.Create(schema));
        _tx = _conn.BeginTransaction();
        _insert = _conn.CreateCommand();
        _insert.Transaction = _tx;
        var columns = schema.Fields.Select(f => GeoPackageSchema.Quote(f.Name)).Prepend("geom");
        _insert.CommandText = $"insert into {GeoPackageSchema.Quote(schema.Layer)} ({string.Join(", ", columns)}) values " +
                              $"({string.Join(", ", Enumerable.Range(0, schema.Fields.Count + 1).Select(i => "$p" + i))})";
        for (var i = 0; i <= schema.Fields.Count; i++) _insert.Parameters.Add(new SqliteParameter("$p" + i, null));
    }

    protected override void WriteCore(Geometry geometry, IReadOnlyList<object?> values)
    {
        _extent.ExpandToInclude(geometry.EnvelopeInternal);
        _insert.Parameters[0].Value = _geo.Write(geometry);
        for (var i = 0; i < values.Count; i++)
        {
            var v = values[i];
            _insert.Parameters[i + 1].Value = v is null ? DBNull.Value
                : Schema.Fields[i].Type == ExportFieldType.TextList ? string.Join(';', Words(v))
                : v;
        }
        _insert.ExecuteNonQuery();
    }

    public override string Complete()
    {
        using (var extent = _conn.CreateCommand())
        {
            extent.Transaction = _tx;
            extent.CommandText = "update gpkg_contents set min_x = $a, min_y = $b, max_x = $c, max_y = $d where table_name = $t";
            extent.Parameters.AddWithValue("$a", _extent.IsNull ? DBNull.Value : _extent.MinX);
            extent.Parameters.AddWithValue("$b", _extent.IsNull ? DBNull.Value : _extent.MinY);
            extent.Parameters.AddWithValue("$c", _extent.IsNull ? DBNull.Value : _extent.MaxX);
            extent.Parameters.AddWithValue("$d", _extent.IsNull ? DBNull.Value : _extent.MaxY);
            extent.Parameters.AddWithValue("$t", Schema.Layer);
            extent.ExecuteNonQuery();
        }
        _tx.Commit();
        _insert.Dispose();
        _conn.Close();
        _conn.Dispose();
        return _path;
    }

    private void Execute(IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            using var cmd = _conn.CreateCommand();
            cmd.CommandText = sql;
            cmd.ExecuteNonQuery();
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _insert.Dispose();
            _tx.Dispose();
            _conn.Dispose();
        }
        base.Dispose(disposing);
    }
}
