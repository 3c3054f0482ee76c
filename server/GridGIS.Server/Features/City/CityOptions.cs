namespace GridGIS.Server.Features.City;

/// <summary>
/// Configuration section <c>City</c> (appsettings, or environment variables <c>City__Name</c>, <c>City__MetricEpsg</c>,
/// <c>City__CentralMeridian</c>, <c>City__TimeZone</c>, <c>City__CodePrefix</c>): the city profile of this deployment
/// (<see cref="Core.Geo.CityProfile"/>). Everything unset has a default: see <see cref="CityProfiles.Resolve"/>.
/// </summary>
internal sealed class CityOptions
{
    public const string Section = "City";

    /// <summary>The city's name, for people.</summary>
    public string? Name { get; set; }

    /// <summary>EPSG code of the metric CRS, a CGCS2000 3-degree Gauss-Kruger zone without prefix (4534 = CM 75E .. 4554 = CM 135E).</summary>
    public int? MetricEpsg { get; set; }

    /// <summary>The same CRS by its central meridian (degrees east, a multiple of 3); must agree with <see cref="MetricEpsg"/> when both are set.</summary>
    public double? CentralMeridian { get; set; }

    /// <summary>IANA time zone of the city (the nightly jobs' clock).</summary>
    public string? TimeZone { get; set; }

    /// <summary>Administrative division code prefix (行政区划代码), 0 to 12 digits.</summary>
    public string? CodePrefix { get; set; }
}
