using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Geo;

/// <summary>
/// The right-hand rule of RFC 7946 (section 3.1.6): a polygon's exterior ring counter-clockwise, its holes clockwise,
/// as seen in lon/lat with x east and y north. Imports apply it on the way in, so that what is stored already follows
/// it, and every writer of GeoJSON, CSV and GeoPackage applies it again on the way out.
/// </summary>
public static class RingOrder
{
    /// <summary>
    /// <paramref name="g"/> itself when it has no polygon or its rings already run the right way; else a copy with the
    /// wrong rings reversed. Points and lines are returned unchanged; a collection has each member oriented.
    /// </summary>
    public static Geometry RightHand(Geometry g)
    {
        ArgumentNullException.ThrowIfNull(g);
        return g switch
        {
            Polygon p => Orient(p),
            MultiPolygon mp => IsRightHand(mp) ? mp : mp.Factory.CreateMultiPolygon([.. Parts(mp).Select(Orient)]),
            GeometryCollection gc when gc.Geometries.Any(x => x is Polygon or MultiPolygon) =>
                gc.Factory.CreateGeometryCollection([.. gc.Geometries.Select(RightHand)]),
            _ => g,
        };
    }

    /// <summary>True when every exterior ring is counter-clockwise and every hole clockwise.</summary>
    public static bool IsRightHand(Geometry g)
    {
        ArgumentNullException.ThrowIfNull(g);
        for (var i = 0; i < g.NumGeometries; i++)
        {
            var part = g.GetGeometryN(i);
            if (part is Polygon p)
            {
                if (!p.IsEmpty && !Orientation.IsCCW(p.Shell.CoordinateSequence)) return false;
                if (p.Holes.Any(h => Orientation.IsCCW(h.CoordinateSequence))) return false;
            }
            else if (part is GeometryCollection && !ReferenceEquals(part, g) && !IsRightHand(part)) return false;
        }
        return true;
    }

    private static IEnumerable<Polygon> Parts(MultiPolygon mp) => mp.Geometries.Cast<Polygon>();

    private static Polygon Orient(Polygon p)
    {
        if (p.IsEmpty || IsRightHand(p)) return p;
        var shell = Orientation.IsCCW(p.Shell.CoordinateSequence) ? p.Shell : (LinearRing)p.Shell.Reverse();
        var holes = p.Holes.Select(h => Orientation.IsCCW(h.CoordinateSequence) ? (LinearRing)h.Reverse() : h).ToArray();
        return p.Factory.CreatePolygon(shell, holes);
    }
}
