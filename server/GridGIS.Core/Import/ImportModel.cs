namespace GridGIS.Core.Import;

/// <summary>The layers a user may import, each into its own table.</summary>
public enum ImportLayer
{
    /// <summary>Streets (街道): Polygon/MultiPolygon, 9-digit code.</summary>
    Streets,
    /// <summary>Communities (社区): Polygon/MultiPolygon, 12-digit code inside an existing street.</summary>
    Communities,
    /// <summary>Grids (网格): Polygon/MultiPolygon, 15-digit code inside an existing community.</summary>
    Grids,
    /// <summary>Facilities (设施): Point of a known category inside some street.</summary>
    Facilities,
    /// <summary>Walking network: LineString edges; nodes are made by merging coincident endpoints.</summary>
    Network,
}

/// <summary>
/// How the file is encoded: a GeoJSON FeatureCollection, CSV with a header row, a zipped Shapefile (.shp, .dbf,
/// optionally .shx, .prj, .cpg) or a GeoPackage (an SQLite file; one feature table, chosen by name when it has several).
/// </summary>
public enum ImportFormat { GeoJson, Csv, Shapefile, GeoPackage }

/// <summary>
/// What an import does with what is already stored. Append: every code must be new.
/// Replace: streets/communities/grids with a stored code are updated in place (ids kept, so
/// everything attached to them stays); facilities of the categories in the file are deleted first;
/// the whole walking network is deleted first.
/// </summary>
public enum ImportMode { Append, Replace }

/// <summary>
/// One thing wrong with an import, and where: <see cref="Feature"/> is the 0-based index in the
/// GeoJSON <c>features</c> array or the 0-based data row of a CSV; <see cref="Line"/> the 1-based CSV or
/// JSON line; <see cref="Field"/> the property, column or part (<c>geometry</c>, <c>json</c>, <c>csv</c>, <c>file</c>).
/// </summary>
public sealed record ImportError(int? Feature, int? Line, string Field, string Message)
{
    /// <summary>"feature 3", "line 5 (row 3)", "line 2" or "file".</summary>
    public string Where => (Feature, Line) switch
    {
        ({ } f, { } l) => $"line {l} (row {f})",
        ({ } f, null) => $"feature {f}",
        (null, { } l) => $"line {l}",
        _ => "file",
    };

    public override string ToString() => $"{Where}, {Field}: {Message}";
}

/// <summary>Collects errors up to a cap, counting all of them.</summary>
public sealed class ImportErrorList(int cap = 200)
{
    private readonly List<ImportError> _errors = [];

    public IReadOnlyList<ImportError> Errors => _errors;
    /// <summary>Every error found, including those beyond the cap.</summary>
    public int Total { get; private set; }
    public bool Any => Total > 0;
    public bool Full => Total >= cap;

    public void Add(int? feature, int? line, string field, string message)
    {
        Total++;
        if (_errors.Count < cap) _errors.Add(new ImportError(feature, line, field, message));
    }
}

/// <summary>
/// Limits that keep one import from exhausting the server. Defaults: 50 MB body, 200,000 features,
/// 100,000 vertices and 10,000 parts per geometry, 5,000,000 vertices in all, JSON nesting depth 32,
/// WKT nesting depth 8 (parentheses; a MultiPolygon needs 3) and 8,000,000 characters of WKT in one
/// field, and the first 200 errors listed; a zip may hold 64 entries and unpack to 200 MB. The nesting bounds come first: the readers (System.Text.Json's
/// document, NTS's geometry editing) recurse once per level, and 20,000 levels overflow the stack.
/// </summary>
public sealed record ImportLimits
{
    public static ImportLimits Default { get; } = new();
    public long MaxBytes { get; init; } = 50L * 1024 * 1024;
    public int MaxFeatures { get; init; } = 200_000;
    public int MaxVerticesPerGeometry { get; init; } = 100_000;
    public int MaxPartsPerGeometry { get; init; } = 10_000;
    public long MaxVerticesTotal { get; init; } = 5_000_000;
    public int MaxJsonDepth { get; init; } = 32;
    public int MaxWktDepth { get; init; } = 8;
    public int MaxWktLength { get; init; } = 8_000_000;
    public int MaxErrors { get; init; } = 200;
    /// <summary>Entries in an uploaded zip (a Shapefile's parts, several Shapefiles).</summary>
    public int MaxArchiveEntries { get; init; } = 64;
    /// <summary>Bytes an uploaded zip may unpack to, counted while inflating (a zip bomb stops here).</summary>
    public long MaxUnpackedBytes { get; init; } = 200L * 1024 * 1024;
}
