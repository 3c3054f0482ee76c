using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace GridGIS.Core.Geo;

/// <summary>
/// A city's local metric coordinate system: a transverse Mercator on the CGCS2000 ellipsoid
/// (3-degree Gauss-Kruger zone, false easting 500 km, no zone prefix: EPSG:4534..4554 for central
/// meridians 75E..135E). The city's one comes from its <see cref="CityProfile"/> (Beijing 117E,
/// Nanjing and Hangzhou 120E, Qingyuan and Shenzhen 114E).
/// Forward maps WGS84 lon/lat (EPSG:4326, degrees) to metres; Inverse maps back.
/// CGCS2000 and WGS84 differ by centimetres, below anything this product measures.
/// </summary>
/// <remarks>
/// One instance may be shared by any number of threads: ProjNet does not promise that its transforms
/// are (issue NetTopologySuite/ProjNet4GeoAPI#118 is unanswered), so each thread gets transforms of its
/// own, made the first time that thread projects (about a millisecond) and kept for the thread's life.
/// Two instances with the same central meridian are equal.
/// </remarks>
public sealed class LocalProjection : IEquatable<LocalProjection>
{
    private readonly ThreadLocal<Transforms> _transforms;

    /// <param name="centralMeridian">degrees east, -180..180</param>
    public LocalProjection(double centralMeridian)
    {
        if (!(centralMeridian >= -180 && centralMeridian <= 180))
            throw new ArgumentOutOfRangeException(nameof(centralMeridian), centralMeridian, "central meridian must be -180..180 degrees east");
        CentralMeridian = centralMeridian;
        _transforms = new ThreadLocal<Transforms>(() => Transforms.Create(centralMeridian));
    }

    /// <summary>The projection of the 3-degree zone that holds <paramref name="lon"/> (see <see cref="ZoneCentralMeridian"/>).</summary>
    public static LocalProjection ForLongitude(double lon) => new(ZoneCentralMeridian(lon));

    /// <summary>
    /// Central meridian (degrees east) of the 3-degree Gauss-Kruger zone that holds <paramref name="lon"/>:
    /// 3 x round(lon / 3), a zone boundary (x.5 x 3) going east. E.g. 116.45 (Beijing) -> 117, 120.16 (Hangzhou) -> 120.
    /// </summary>
    /// <param name="lon">degrees east, -180..180</param>
    public static double ZoneCentralMeridian(double lon)
    {
        if (!(lon >= -180 && lon <= 180)) throw new ArgumentOutOfRangeException(nameof(lon), lon, "longitude must be -180..180 degrees east");
        return Math.Clamp(3 * Math.Round(lon / 3, MidpointRounding.AwayFromZero), -180, 180);
    }

    public double CentralMeridian { get; }

    /// <summary>lon/lat degrees to (x, y) metres.</summary>
    public (double X, double Y) Forward(double lon, double lat) => _transforms.Value!.Forward.Transform(lon, lat);

    /// <summary>(x, y) metres to lon/lat degrees.</summary>
    public (double Lon, double Lat) Inverse(double x, double y) => _transforms.Value!.Inverse.Transform(x, y);

    /// <summary>A copy of <paramref name="g"/> with every coordinate projected to metres.</summary>
    public Geometry Forward(Geometry g) => Apply(g, _transforms.Value!.Forward);

    /// <summary>A copy of <paramref name="g"/> with every coordinate back in lon/lat degrees.</summary>
    public Geometry Inverse(Geometry g) => Apply(g, _transforms.Value!.Inverse);

    public bool Equals(LocalProjection? other) => other is not null && other.CentralMeridian.Equals(CentralMeridian);

    public override bool Equals(object? obj) => Equals(obj as LocalProjection);

    public override int GetHashCode() => CentralMeridian.GetHashCode();

    public override string ToString() => $"CGCS2000 / 3-degree Gauss-Kruger CM {CentralMeridian}E";

    private static Geometry Apply(Geometry g, MathTransform t)
    {
        var copy = g.Copy();
        copy.Apply(new TransformFilter(t));
        copy.GeometryChanged();
        return copy;
    }

    /// <summary>One thread's pair of transforms.</summary>
    private sealed record Transforms(MathTransform Forward, MathTransform Inverse)
    {
        public static Transforms Create(double centralMeridian)
        {
            var csf = new CoordinateSystemFactory();
            var ellipsoid = csf.CreateFlattenedSphere("CGCS2000", 6378137.0, 298.257222101, LinearUnit.Metre);
            var datum = csf.CreateHorizontalDatum("China_2000", DatumType.HD_Geocentric, ellipsoid, null);
            var geographic = csf.CreateGeographicCoordinateSystem("China Geodetic Coordinate System 2000", AngularUnit.Degrees, datum,
                PrimeMeridian.Greenwich, new AxisInfo("Lon", AxisOrientationEnum.East), new AxisInfo("Lat", AxisOrientationEnum.North));
            var parameters = new List<ProjectionParameter>
            {
                new("latitude_of_origin", 0), new("central_meridian", centralMeridian), new("scale_factor", 1.0),
                new("false_easting", 500000), new("false_northing", 0),
            };
            var projection = csf.CreateProjection("Gauss_Kruger", "transverse_mercator", parameters);
            var projected = csf.CreateProjectedCoordinateSystem($"CGCS2000 / 3-degree Gauss-Kruger CM {centralMeridian}E",
                geographic, projection, LinearUnit.Metre, new AxisInfo("East", AxisOrientationEnum.East), new AxisInfo("North", AxisOrientationEnum.North));
            // WGS84 is taken as CGCS2000 (difference of centimetres): the source is the CGCS2000 geographic system.
            var forward = new CoordinateTransformationFactory().CreateFromCoordinateSystems(geographic, projected).MathTransform;
            return new Transforms(forward, forward.Inverse());
        }
    }

    private sealed class TransformFilter(MathTransform t) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;
        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = t.Transform(seq.GetX(i), seq.GetY(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
