namespace GridGIS.Core.Export;

/// <summary>
/// Writes features of one <see cref="ExportSchema"/> into a file in a working directory the caller owns (and deletes):
/// one feature at a time, so memory stays bounded whatever the count. <see cref="Complete"/> finishes the file and
/// says where it is. Geometries go through <see cref="ExportGeometry.Prepare"/> in every format.
/// </summary>
public abstract class FeatureFileWriter : IDisposable
{
    protected FeatureFileWriter(ExportSchema schema, string directory)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Schema = schema;
        Directory = directory;
    }

    public ExportSchema Schema { get; }

    /// <summary>The working directory the file is written in.</summary>
    protected string Directory { get; }

    /// <summary>Features written so far.</summary>
    public long Count { get; private set; }

    /// <summary>A writer of <paramref name="format"/> into <paramref name="directory"/>.</summary>
    public static FeatureFileWriter Create(ExportFormat format, ExportSchema schema, string directory) => format switch
    {
        ExportFormat.Geojson => new GeoJsonFileWriter(schema, directory),
        ExportFormat.Csv => new CsvFileWriter(schema, directory),
        ExportFormat.Shp => new ShapefileFileWriter(schema, directory),
        ExportFormat.Gpkg => new GeoPackageFileWriter(schema, directory),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format"),
    };

    /// <summary>The file name extension of <paramref name="format"/>'s result (.geojson, .csv, .zip, .gpkg).</summary>
    public static string Extension(ExportFormat format) => format switch
    {
        ExportFormat.Geojson => ".geojson",
        ExportFormat.Csv => ".csv",
        ExportFormat.Shp => ".zip",
        ExportFormat.Gpkg => ".gpkg",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format"),
    };

    /// <summary>The media type of <paramref name="format"/>'s result.</summary>
    public static string MediaType(ExportFormat format) => format switch
    {
        ExportFormat.Geojson => "application/geo+json",
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Shp => "application/zip",
        ExportFormat.Gpkg => "application/geopackage+sqlite3",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format"),
    };

    public void Write(ExportFeature feature)
    {
        ArgumentNullException.ThrowIfNull(feature);
        if (feature.Values.Count != Schema.Fields.Count)
            throw new ArgumentException($"{feature.Values.Count} values for {Schema.Fields.Count} fields", nameof(feature));
        WriteCore(ExportGeometry.Prepare(feature.Geometry), feature.Values);
        Count++;
    }

    protected abstract void WriteCore(NetTopologySuite.Geometries.Geometry geometry, IReadOnlyList<object?> values);

    /// <summary>Finishes the file; its full path.</summary>
    public abstract string Complete();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }

    /// <summary>A list value as the words it holds.</summary>
    protected static IEnumerable<string> Words(object? value) => value switch
    {
        null => [],
        string s => s.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        IEnumerable<string> e => e,
        _ => [Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? ""],
    };
}
