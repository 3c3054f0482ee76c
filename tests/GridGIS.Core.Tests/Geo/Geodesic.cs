namespace GridGIS.Core.Tests.Geo;

/// <summary>
/// Geodesics on the CGCS2000 ellipsoid (a = 6378137 m, 1/f = 298.257222101) by Vincenty's formulae (1975),
/// independent of ProjNet: the reference the city's projected distances are checked against. Converges for
/// anything but nearly antipodal points; accurate to well under a millimetre at city scale.
/// </summary>
internal static class Geodesic
{
    private const double A = 6378137.0, F = 1 / 298.257222101, B = (1 - F) * A;
    private const double Rad = Math.PI / 180;

    /// <summary>Metres between two lon/lat points (degrees) along the ellipsoid.</summary>
    public static double Distance(double lon1, double lat1, double lon2, double lat2)
    {
        double u1 = Math.Atan((1 - F) * Math.Tan(lat1 * Rad)), u2 = Math.Atan((1 - F) * Math.Tan(lat2 * Rad));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1), sinU2 = Math.Sin(u2), cosU2 = Math.Cos(u2);
        double l = (lon2 - lon1) * Rad, lambda = l;
        double sinSigma, cosSigma, sigma, cos2Alpha, cos2SigmaM;
        for (var i = 0; ; i++)
        {
            if (i == 200) throw new InvalidOperationException("Vincenty inverse did not converge");
            double sinL = Math.Sin(lambda), cosL = Math.Cos(lambda);
            sinSigma = Math.Sqrt(Sq(cosU2 * sinL) + Sq(cosU1 * sinU2 - sinU1 * cosU2 * cosL));
            if (sinSigma == 0) return 0;
            cosSigma = sinU1 * sinU2 + cosU1 * cosU2 * cosL;
            sigma = Math.Atan2(sinSigma, cosSigma);
            var sinAlpha = cosU1 * cosU2 * sinL / sinSigma;
            cos2Alpha = 1 - sinAlpha * sinAlpha;
            cos2SigmaM = cos2Alpha != 0 ? cosSigma - 2 * sinU1 * sinU2 / cos2Alpha : 0;
            var c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
            var next = l + (1 - c) * F * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
            var done = Math.Abs(next - lambda) < 1e-13;
            lambda = next;
            if (done) break;
        }
        var (a, b) = Series(cos2Alpha);
        var deltaSigma = DeltaSigma(b, sinSigma, cosSigma, cos2SigmaM);
        return B * a * (sigma - deltaSigma);
    }

    /// <summary>
    /// The point <paramref name="metres"/> from (lon, lat) setting off at <paramref name="azimuth"/> (degrees
    /// clockwise from north), and the azimuth of the geodesic when it arrives there.
    /// </summary>
    public static (double Lon, double Lat, double Azimuth) Destination(double lon, double lat, double azimuth, double metres)
    {
        double alpha1 = azimuth * Rad, sinA1 = Math.Sin(alpha1), cosA1 = Math.Cos(alpha1);
        var u1 = Math.Atan((1 - F) * Math.Tan(lat * Rad));
        double sinU1 = Math.Sin(u1), cosU1 = Math.Cos(u1);
        var sigma1 = Math.Atan2(Math.Tan(u1), cosA1);
        var sinAlpha = cosU1 * sinA1;
        var cos2Alpha = 1 - sinAlpha * sinAlpha;
        var (a, b) = Series(cos2Alpha);
        double sigma = metres / (B * a), sinSigma, cosSigma, cos2SigmaM;
        for (var i = 0; ; i++)
        {
            if (i == 200) throw new InvalidOperationException("Vincenty direct did not converge");
            cos2SigmaM = Math.Cos(2 * sigma1 + sigma);
            sinSigma = Math.Sin(sigma); cosSigma = Math.Cos(sigma);
            var next = metres / (B * a) + DeltaSigma(b, sinSigma, cosSigma, cos2SigmaM);
            var done = Math.Abs(next - sigma) < 1e-14;
            sigma = next;
            if (done) break;
        }
        sinSigma = Math.Sin(sigma); cosSigma = Math.Cos(sigma); cos2SigmaM = Math.Cos(2 * sigma1 + sigma);
        var t = sinU1 * sinSigma - cosU1 * cosSigma * cosA1;
        var lat2 = Math.Atan2(sinU1 * cosSigma + cosU1 * sinSigma * cosA1, (1 - F) * Math.Sqrt(sinAlpha * sinAlpha + t * t));
        var lambda = Math.Atan2(sinSigma * sinA1, cosU1 * cosSigma - sinU1 * sinSigma * cosA1);
        var c = F / 16 * cos2Alpha * (4 + F * (4 - 3 * cos2Alpha));
        var l = lambda - (1 - c) * F * sinAlpha * (sigma + c * sinSigma * (cos2SigmaM + c * cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)));
        var alpha2 = Math.Atan2(sinAlpha, -t);
        return (lon + l / Rad, lat2 / Rad, alpha2 / Rad);
    }

    private static (double A, double B) Series(double cos2Alpha)
    {
        var u2 = cos2Alpha * (A * A - B * B) / (B * B);
        return (1 + u2 / 16384 * (4096 + u2 * (-768 + u2 * (320 - 175 * u2))), u2 / 1024 * (256 + u2 * (-128 + u2 * (74 - 47 * u2))));
    }

    private static double DeltaSigma(double b, double sinSigma, double cosSigma, double cos2SigmaM) =>
        b * sinSigma * (cos2SigmaM + b / 4 * (cosSigma * (-1 + 2 * cos2SigmaM * cos2SigmaM)
                                             - b / 6 * cos2SigmaM * (-3 + 4 * sinSigma * sinSigma) * (-3 + 4 * cos2SigmaM * cos2SigmaM)));

    private static double Sq(double v) => v * v;
}
