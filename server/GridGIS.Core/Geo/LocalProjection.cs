using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.CoordinateSystems.Transformations;

namespace GridGIS.Core.Geo;

/// <summary>
/// A city's local metric coordinate system: a transverse Mercator on the CGCS2000 ellipsoid
/// (3-degree Gauss-Kruger zone, false easting 500 km). Beijing uses central meridian 117E.
/// Forward maps WGS84 lon/lat (EPSG:4326, degrees) to metres; Inverse maps back.
/// CGCS2000 and WGS84 differ by centimetres, below anything this product measures.
/// </summary>
public sealed class LocalProjection
{
    /// <summary>Beijing: CGCS2000 3-degree Gauss-Kruger, CM 117E (EPSG:4548 without zone prefix).</summary>
    public static LocalProjection Beijing { get; } = new(117.0);

    private readonly MathTransform _forward;
    private readonly MathTransform _inverse;

    /// <param name="centralMeridian">degrees east, -180..180</param>
    public LocalProjection(double centralMeridian)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(centralMeridian, -180);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(centralMeridian, 180);
        CentralMeridian = centralMeridian;
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
        var ctf = new CoordinateTransformationFactory();
        // WGS84 is taken as CGCS2000 (difference of centimetres): the source is the CGCS2000 geographic system.
        _forward = ctf.CreateFromCoordinateSystems(geographic, projected).MathTransform;
        _inverse = _forward.Inverse();
    }

    public double CentralMeridian { get; }

    /// <summary>lon/lat degrees to (x, y) metres.</summary>
    public (double X, double Y) Forward(double lon, double lat) => _forward.Transform(lon, lat);

    /// <summary>(x, y) metres to lon/lat degrees.</summary>
    public (double Lon, double Lat) Inverse(double x, double y) => _inverse.Transform(x, y);

    /// <summary>A copy of <paramref name="g"/> with every coordinate projected to metres.</summary>
    public Geometry Forward(Geometry g) => Apply(g, _forward);

    /// <summary>A copy of <paramref name="g"/> with every coordinate back in lon/lat degrees.</summary>
    public Geometry Inverse(Geometry g) => Apply(g, _inverse);

    private static Geometry Apply(Geometry g, MathTransform t)
    {
        var copy = g.Copy();
        copy.Apply(new TransformFilter(t));
        copy.GeometryChanged();
        return copy;
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
