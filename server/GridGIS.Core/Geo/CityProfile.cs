namespace GridGIS.Core.Geo;

/// <summary>
/// City profile (城市配置): the one city (district or municipality) a deployment serves. Its name; its metric
/// CRS, a CGCS2000 3-degree Gauss-Kruger zone without zone prefix (EPSG:4534 = CM 75E .. EPSG:4554 = CM 135E,
/// the zone of the city's centre: Beijing 117E = 4548, Nanjing and Hangzhou 120E = 4549, Qingyuan and Shenzhen
/// 114E = 4547), in which every distance, area, buffer and heatmap cell is measured; its IANA time zone (the
/// nightly jobs' clock); its administrative division code prefix (行政区划代码, e.g. 110105 for Chaoyang District,
/// empty when none is set). Configuration, read once at start-up and passed to whatever measures.
/// </summary>
public sealed record CityProfile
{
    /// <summary>EPSG code of CGCS2000 / 3-degree Gauss-Kruger CM 75E, the first of the family (one code per 3 degrees).</summary>
    public const int FirstZoneEpsg = 4534;

    /// <summary>EPSG code of CGCS2000 / 3-degree Gauss-Kruger CM 135E, the last of the family.</summary>
    public const int LastZoneEpsg = 4554;

    /// <summary>
    /// The profile of the Chaoyang demo (Beijing, CM 117E, Asia/Shanghai, 110105): what a deployment uses when
    /// nothing is configured and its database holds no data to take the zone from. The only place that names Beijing's zone.
    /// </summary>
    public static CityProfile Default { get; } = new("Beijing Chaoyang (demo)", 4548, "Asia/Shanghai", "110105");

    /// <param name="name">the city's name, for people (not empty)</param>
    /// <param name="metricEpsg">EPSG code of its Gauss-Kruger zone, <see cref="FirstZoneEpsg"/>..<see cref="LastZoneEpsg"/></param>
    /// <param name="timeZone">IANA time zone id, e.g. Asia/Shanghai (not empty; whether the system knows it is the host's check)</param>
    /// <param name="codePrefix">0 to 12 digits</param>
    public CityProfile(string name, int metricEpsg, string timeZone, string codePrefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(timeZone);
        ArgumentNullException.ThrowIfNull(codePrefix);
        if (metricEpsg is < FirstZoneEpsg or > LastZoneEpsg)
            throw new ArgumentOutOfRangeException(nameof(metricEpsg), metricEpsg,
                $"the metric CRS must be a CGCS2000 3-degree Gauss-Kruger zone, EPSG:{FirstZoneEpsg} (CM 75E) .. EPSG:{LastZoneEpsg} (CM 135E)");
        if (codePrefix.Length > 12 || !codePrefix.All(char.IsAsciiDigit))
            throw new ArgumentOutOfRangeException(nameof(codePrefix), codePrefix, "the code prefix must be 0 to 12 digits");
        Name = name.Trim();
        MetricEpsg = metricEpsg;
        TimeZone = timeZone.Trim();
        CodePrefix = codePrefix;
        Projection = new LocalProjection(CentralMeridianOf(metricEpsg));
    }

    public string Name { get; }

    /// <summary>EPSG code of the metric CRS (4534..4554), as PostGIS's <c>spatial_ref_sys</c> knows it.</summary>
    public int MetricEpsg { get; }

    public string TimeZone { get; }

    public string CodePrefix { get; }

    /// <summary>The metric CRS as a projection (one instance, safe to share between threads).</summary>
    public LocalProjection Projection { get; }

    /// <summary>Central meridian of the metric CRS, degrees east (75..135).</summary>
    public double CentralMeridian => Projection.CentralMeridian;

    /// <summary>Central meridian (degrees east) of the zone <paramref name="epsg"/> (4534..4554): 75 + 3 (epsg - 4534).</summary>
    public static double CentralMeridianOf(int epsg)
    {
        if (epsg is < FirstZoneEpsg or > LastZoneEpsg)
            throw new ArgumentOutOfRangeException(nameof(epsg), epsg, $"not a CGCS2000 3-degree Gauss-Kruger CM code ({FirstZoneEpsg}..{LastZoneEpsg})");
        return 75 + 3 * (epsg - FirstZoneEpsg);
    }

    /// <summary>
    /// EPSG code of the CGCS2000 3-degree zone whose central meridian is <paramref name="centralMeridian"/>
    /// (75..135 degrees east, a multiple of 3).
    /// </summary>
    public static int EpsgOfCentralMeridian(double centralMeridian)
    {
        if (!(centralMeridian is >= 75 and <= 135) || centralMeridian % 3 != 0)
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), centralMeridian,
                "a CGCS2000 3-degree Gauss-Kruger central meridian is a multiple of 3 from 75 to 135 degrees east");
        return FirstZoneEpsg + (int)(centralMeridian - 75) / 3;
    }

    /// <summary>
    /// EPSG code of the zone that holds <paramref name="lon"/> (degrees east; China lies in 73.5..136.5,
    /// the zones' extent: outside it the nearest end zone).
    /// </summary>
    public static int ZoneEpsg(double lon) => EpsgOfCentralMeridian(Math.Clamp(LocalProjection.ZoneCentralMeridian(lon), 75, 135));
}
