using System.Globalization;
using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace GridGIS.Core.Import;

/// <summary>
/// Checks an imported geometry's coordinates and converts them to WGS84 (EPSG:4326, 2D). Accepted
/// input: finite numbers, lon -180..180 and lat -90..90, and inside China's box (lon 73..135,
/// lat 18..54); a position whose (lat, lon) would be inside the box is reported as swapped. After
/// conversion the geometry must be valid in the OGC sense (no self-intersection); it is never
/// repaired, only reported with the place NTS found.
/// </summary>
public static class ImportGeometry
{
    public const double MinLon = 73, MaxLon = 135, MinLat = 18, MaxLat = 54;

    /// <summary>The converted geometry, or null with the reason in <paramref name="error"/>.</summary>
    public static Geometry? ToWgs84(Geometry g, InputCrs crs, out string? error)
    {
        ArgumentNullException.ThrowIfNull(g);
        error = CheckCoordinates(g);
        if (error is not null) return null;
        var converted = new Wgs84Transformer(crs).Transform(g);
        converted.SRID = 4326;
        var op = new IsValidOp(converted);
        if (!op.IsValid)
        {
            var e = op.ValidationError;
            error = $"invalid geometry: {e.Message} near ({F(e.Coordinate.X)} {F(e.Coordinate.Y)}); fix it in the source, it is not repaired";
            return null;
        }
        return converted;
    }

    /// <summary>Null when every position is finite, in range, inside China and not swapped.</summary>
    public static string? CheckCoordinates(Geometry g)
    {
        if (g.IsEmpty) return "the geometry is empty";
        var coordinates = g.Coordinates;
        for (var i = 0; i < coordinates.Length; i++)
        {
            double x = coordinates[i].X, y = coordinates[i].Y;
            var at = $"position {i} ({F(x)} {F(y)})";
            if (!double.IsFinite(x) || !double.IsFinite(y)) return $"{at}: coordinates must be finite numbers (no NaN or Infinity)";
            if (InBox(x, y)) continue;
            if (InBox(y, x)) return $"{at}: looks swapped (lat, lon); positions are lon, lat with x = longitude";
            if (x is < -180 or > 180 || y is < -90 or > 90) return $"{at}: out of range (lon -180..180, lat -90..90)";
            return $"{at}: outside China (lon {MinLon}..{MaxLon}, lat {MinLat}..{MaxLat})";
        }
        return null;
    }

    private static bool InBox(double lon, double lat) => lon is >= MinLon and <= MaxLon && lat is >= MinLat and <= MaxLat;

    private static string F(double v) => v.ToString("0.#######", CultureInfo.InvariantCulture);

    /// <summary>Rebuilds every coordinate sequence as 2D WGS84 coordinates.</summary>
    private sealed class Wgs84Transformer(InputCrs crs) : GeometryTransformer
    {
        protected override CoordinateSequence TransformCoordinates(CoordinateSequence coords, Geometry parent)
        {
            var pts = new Coordinate[coords.Count];
            for (var i = 0; i < pts.Length; i++)
            {
                var (lon, lat) = ChinaCoordinates.ToWgs84(crs, coords.GetX(i), coords.GetY(i));
                pts[i] = new Coordinate(lon, lat);
            }
            return SourceFeature.Factory.CoordinateSequenceFactory.Create(pts);
        }
    }
}
