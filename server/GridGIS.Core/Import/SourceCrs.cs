using System.Globalization;
using System.Text.RegularExpressions;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace GridGIS.Core.Import;

/// <summary>
/// The coordinate reference system a Shapefile's <c>.prj</c> or a GeoPackage's <c>gpkg_spatial_ref_sys</c> names,
/// reduced to what an import needs: lon/lat degrees as they are (WGS84, EPSG:4326; CGCS2000, EPSG:4490, whose
/// difference from WGS84 is centimetres), or a transverse Mercator (Gauss-Kruger) on the CGCS2000/WGS84 ellipsoid in
/// metres, with any central meridian and false easting (the 3-degree zones without prefix, EPSG:4534..4554, and with
/// the zone number in front of the easting, EPSG:4513..4533), turned back into lon/lat. Other datums (Beijing 1954 and
/// Xian 1980 on their own ellipsoids) need a datum shift this product does not make: they are refused with their
/// name. GCJ-02 and BD-09 have no WKT: a lon/lat file in them is imported with the <c>crs</c> parameter.
/// </summary>
public sealed partial class SourceCrs
{
    private readonly MathTransform? _toLonLat;

    private SourceCrs(string name, MathTransform? toLonLat)
    {
        Name = name;
        _toLonLat = toLonLat;
    }

    /// <summary>Lon/lat degrees, taken as they are (no <c>.prj</c>, or WGS84/CGCS2000 geographic).</summary>
    public static SourceCrs LonLat { get; } = new("lon/lat degrees (WGS84 or CGCS2000)", null);

    /// <summary>What the file said, for messages ("CGCS2000_3_Degree_GK_CM_117E").</summary>
    public string Name { get; }

    /// <summary>True when coordinates are degrees; false for projected metres.</summary>
    public bool IsGeographic => _toLonLat is null;

    /// <summary>(x, y) in this CRS to (lon, lat) degrees.</summary>
    public (double Lon, double Lat) ToLonLat(double x, double y) => _toLonLat is null ? (x, y) : _toLonLat.Transform(x, y);

    /// <summary>
    /// The CRS of WKT 1 (OGC or ESRI flavour, as GDAL writes <c>.prj</c> files and GeoPackages); null with the reason in
    /// <paramref name="error"/> when it is not one of those above.
    /// </summary>
    public static SourceCrs? FromWkt(string wkt, out string? error)
    {
        ArgumentNullException.ThrowIfNull(wkt);
        error = null;
        var text = wkt.Trim();
        var name = NamePattern().Match(text) is { Success: true } n ? n.Groups[1].Value : "unnamed";
        var spheroid = SpheroidPattern().Match(text);
        if (!spheroid.Success)
        {
            error = $"the coordinate system '{Clip(name)}' is not WKT 1 with a SPHEROID (GEOGCS or PROJCS); export it again as WGS84 or CGCS2000";
            return null;
        }
        var a = Number(spheroid.Groups[2].Value);
        var inverseFlattening = Number(spheroid.Groups[3].Value);
        if (Math.Abs(a - 6378137) > 0.5 || Math.Abs(inverseFlattening - 298.2572) > 0.001)
        {
            error = $"the coordinate system '{Clip(name)}' is on the ellipsoid '{Clip(spheroid.Groups[1].Value)}' (a = {a} m): only WGS84 and CGCS2000 "
                    + "(EPSG:4326, EPSG:4490 and their Gauss-Kruger zones) are read; Beijing 1954 and Xian 1980 need a datum shift, convert the file first";
            return null;
        }
        if (text.StartsWith("GEOGCS", StringComparison.OrdinalIgnoreCase)) return new SourceCrs(name, null);
        if (!text.StartsWith("PROJCS", StringComparison.OrdinalIgnoreCase))
        {
            error = $"the coordinate system '{Clip(name)}' is neither GEOGCS nor PROJCS";
            return null;
        }
        var projection = ProjectionPattern().Match(text) is { Success: true } p ? p.Groups[1].Value : "";
        if (!projection.Replace('-', '_').Replace(' ', '_').ToUpperInvariant().Contains("TRANSVERSE_MERCATOR", StringComparison.Ordinal)
            && !projection.Replace('-', '_').Equals("Gauss_Kruger", StringComparison.OrdinalIgnoreCase))
        {
            error = $"the projection '{Clip(projection)}' of '{Clip(name)}' is not read; use lon/lat (EPSG:4326, EPSG:4490) or a Gauss-Kruger zone";
            return null;
        }
        var parameters = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (Match m in ParameterPattern().Matches(text)) parameters[m.Groups[1].Value] = Number(m.Groups[2].Value);
        var unit = UnitPattern().Matches(text) is { Count: > 0 } units ? Number(units[^1].Groups[1].Value) : 1;
        if (Math.Abs(unit - 1) > 1e-9)
        {
            error = $"the coordinate system '{Clip(name)}' is in units of {unit} m; only metres are read";
            return null;
        }
        double P(string key, double fallback) => parameters.TryGetValue(key, out var v) ? v : fallback;
        var cm = P("central_meridian", double.NaN);
        if (!double.IsFinite(cm) || cm is < -180 or > 180)
        {
            error = $"the coordinate system '{Clip(name)}' has no central_meridian";
            return null;
        }
        return new SourceCrs(name, Inverse(cm, P("scale_factor", 1), P("false_easting", 0), P("false_northing", 0), P("latitude_of_origin", 0)));
    }

    /// <summary>The inverse of a transverse Mercator on the CGCS2000 ellipsoid (as <see cref="Geo.LocalProjection"/> builds its own).</summary>
    private static MathTransform Inverse(double centralMeridian, double scale, double falseEasting, double falseNorthing, double latitudeOfOrigin)
    {
        var csf = new CoordinateSystemFactory();
        var ellipsoid = csf.CreateFlattenedSphere("CGCS2000", 6378137.0, 298.257222101, LinearUnit.Metre);
        var datum = csf.CreateHorizontalDatum("China_2000", DatumType.HD_Geocentric, ellipsoid, null);
        var geographic = csf.CreateGeographicCoordinateSystem("CGCS2000", AngularUnit.Degrees, datum, PrimeMeridian.Greenwich,
            new AxisInfo("Lon", AxisOrientationEnum.East), new AxisInfo("Lat", AxisOrientationEnum.North));
        var projection = csf.CreateProjection("Gauss_Kruger", "transverse_mercator",
        [
            new("latitude_of_origin", latitudeOfOrigin), new("central_meridian", centralMeridian), new("scale_factor", scale),
            new("false_easting", falseEasting), new("false_northing", falseNorthing),
        ]);
        var projected = csf.CreateProjectedCoordinateSystem("source", geographic, projection, LinearUnit.Metre,
            new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
        return new CoordinateTransformationFactory().CreateFromCoordinateSystems(projected, geographic).MathTransform;
    }

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Clip(string s) => s.Length <= 60 ? s : s[..60] + "...";

    [GeneratedRegex("""^\s*[A-Z]+\s*\[\s*"([^"]*)" """, RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex NamePattern();

    [GeneratedRegex("""SPHEROID\s*\[\s*"([^"]*)"\s*,\s*([-+0-9.eE]+)\s*,\s*([-+0-9.eE]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex SpheroidPattern();

    [GeneratedRegex("""PROJECTION\s*\[\s*"([^"]*)" """, RegexOptions.IgnoreCase | RegexOptions.IgnorePatternWhitespace)]
    private static partial Regex ProjectionPattern();

    [GeneratedRegex("""PARAMETER\s*\[\s*"([^"]*)"\s*,\s*([-+0-9.eE]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex ParameterPattern();

    // The UNIT of the PROJCS is its last one (the GEOGCS's angular unit comes first).
    [GeneratedRegex("""UNIT\s*\[\s*"[^"]*"\s*,\s*([-+0-9.eE]+)""", RegexOptions.IgnoreCase)]
    private static partial Regex UnitPattern();
}
