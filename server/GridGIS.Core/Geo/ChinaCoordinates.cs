namespace GridGIS.Core.Geo;

/// <summary>The coordinate systems a point may arrive in. Everything is stored as WGS84.</summary>
public enum InputCrs
{
    /// <summary>WGS84 lon/lat (EPSG:4326): GPS, OpenStreetMap.</summary>
    Wgs84,
    /// <summary>GCJ-02 (火星坐标): the obfuscated system of AMap (高德), Tencent and Google China.</summary>
    Gcj02,
    /// <summary>BD-09 (百度坐标): Baidu Maps, a further offset of GCJ-02.</summary>
    Bd09,
}

/// <summary>
/// Conversions between WGS84, GCJ-02 and BD-09, in degrees. The GCJ-02 forward formula is the
/// published one; its inverse is solved by fixed-point iteration to below 1e-9 degrees (about 0.1 mm).
/// Outside China GCJ-02 equals WGS84.
/// </summary>
public static class ChinaCoordinates
{
    private const double A = 6378245.0;               // Krasovsky 1940 semi-major axis, metres
    private const double Ee = 0.00669342162296594323; // its first eccentricity squared
    private const double XPi = Math.PI * 3000.0 / 180.0;

    /// <summary>True when (lon, lat) lies in the rough box where GCJ-02 applies.</summary>
    public static bool InChina(double lon, double lat) => lon is >= 72.004 and <= 137.8347 && lat is >= 0.8293 and <= 55.8271;

    public static (double Lon, double Lat) Wgs84ToGcj02(double lon, double lat)
    {
        if (!InChina(lon, lat)) return (lon, lat);
        var (dLon, dLat) = Delta(lon, lat);
        return (lon + dLon, lat + dLat);
    }

    public static (double Lon, double Lat) Gcj02ToWgs84(double lon, double lat)
    {
        if (!InChina(lon, lat)) return (lon, lat);
        return Invert(Wgs84ToGcj02, lon, lat, (lon, lat), maxIterations: 30);
    }

    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * XPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * XPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    /// <summary>
    /// BD-09 to GCJ-02. The widely published closed form is not the exact inverse of
    /// <see cref="Gcj02ToBd09"/> (it is off by up to ~5 cm); it is the first guess of a fixed-point
    /// iteration that makes the round trip exact to below 1e-10 degrees.
    /// </summary>
    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat) =>
        Invert(Gcj02ToBd09, lon, lat, Bd09ToGcj02ClosedForm(lon, lat), maxIterations: 10);

    /// <summary>
    /// Solves forward(x) = (lon, lat) by fixed-point iteration from <paramref name="guess"/>, stopping
    /// when the residual is below 1e-10 degrees (about 0.01 mm). It converges because both offsets
    /// change slowly with position (their derivatives are far below 1).
    /// </summary>
    private static (double Lon, double Lat) Invert(Func<double, double, (double Lon, double Lat)> forward,
        double lon, double lat, (double Lon, double Lat) guess, int maxIterations)
    {
        var (xLon, xLat) = guess;
        for (var i = 0; i < maxIterations; i++)
        {
            var (fLon, fLat) = forward(xLon, xLat);
            double eLon = fLon - lon, eLat = fLat - lat;
            xLon -= eLon; xLat -= eLat;
            if (Math.Abs(eLon) < 1e-10 && Math.Abs(eLat) < 1e-10) break;
        }
        return (xLon, xLat);
    }

    private static (double Lon, double Lat) Bd09ToGcj02ClosedForm(double lon, double lat)
    {
        double x = lon - 0.0065, y = lat - 0.006;
        var z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * XPi);
        var theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * XPi);
        return (z * Math.Cos(theta), z * Math.Sin(theta));
    }

    public static (double Lon, double Lat) Bd09ToWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Bd09ToGcj02(lon, lat);
        return Gcj02ToWgs84(gLon, gLat);
    }

    public static (double Lon, double Lat) Wgs84ToBd09(double lon, double lat)
    {
        var (gLon, gLat) = Wgs84ToGcj02(lon, lat);
        return Gcj02ToBd09(gLon, gLat);
    }

    /// <summary>Converts a point given in <paramref name="crs"/> to WGS84.</summary>
    public static (double Lon, double Lat) ToWgs84(InputCrs crs, double lon, double lat) => crs switch
    {
        InputCrs.Wgs84 => (lon, lat),
        InputCrs.Gcj02 => Gcj02ToWgs84(lon, lat),
        InputCrs.Bd09 => Bd09ToWgs84(lon, lat),
        _ => throw new ArgumentOutOfRangeException(nameof(crs), crs, "unknown coordinate system"),
    };

    private static (double DLon, double DLat) Delta(double lon, double lat)
    {
        var dLat = TransformLat(lon - 105.0, lat - 35.0);
        var dLon = TransformLon(lon - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - Ee * magic * magic;
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (A * (1 - Ee) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (A / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (dLon, dLat);
    }

    private static double TransformLat(double x, double y)
    {
        var r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return r;
    }

    private static double TransformLon(double x, double y)
    {
        var r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        r += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        r += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        r += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return r;
    }
}
