using GridGIS.Core.Geo;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Export;

/// <summary>The file formats every layer and run result is exported in.</summary>
public enum ExportFormat
{
    /// <summary>GeoJSON (RFC 7946) FeatureCollection (the word is <c>geojson</c>).</summary>
    Geojson,
    /// <summary>CSV with a <c>wkt</c> geometry column first (the import format).</summary>
    Csv,
    /// <summary>A zip of an Esri Shapefile (.shp, .shx, .dbf, .prj, .cpg UTF-8).</summary>
    Shp,
    /// <summary>An OGC GeoPackage with one feature table.</summary>
    Gpkg,
}

/// <summary>The type of an attribute in every format: text, whole number, real number, true/false, or a list of words.</summary>
public enum ExportFieldType { Text, Integer, Real, Boolean, TextList }

/// <summary>One attribute: its name (snake case, the import's property name where there is one) and type.</summary>
public sealed record ExportField(string Name, ExportFieldType Type);

/// <summary>
/// What one export holds: the layer's name (the file's and table's name), the geometry type every feature has
/// (<c>Point</c>, <c>LineString</c>, <c>MultiPolygon</c>, or <c>Geometry</c> when they are mixed) and the attributes
/// in order. Coordinates are WGS84 lon/lat (EPSG:4326).
/// </summary>
public sealed record ExportSchema(string Layer, string GeometryType, IReadOnlyList<ExportField> Fields);

/// <summary>One feature: a WGS84 geometry and one value per field of the schema (null for none).</summary>
public sealed record ExportFeature(Geometry Geometry, IReadOnlyList<object?> Values);

/// <summary>
/// What every writer does to a geometry first: coordinates rounded to 7 decimals (about 1 cm) and polygon rings
/// by RFC 7946's right-hand rule (<see cref="RingOrder"/>).
/// </summary>
public static class ExportGeometry
{
    /// <summary>Decimal places of every exported coordinate.</summary>
    public const int Decimals = 7;

    public static Geometry Prepare(Geometry g)
    {
        ArgumentNullException.ThrowIfNull(g);
        var copy = g.Copy();
        copy.Apply(new Round());
        copy.GeometryChanged();
        copy.SRID = 4326;
        var oriented = RingOrder.RightHand(copy);
        oriented.SRID = 4326;
        return oriented;
    }

    private sealed class Round : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;
        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                seq.SetX(i, Math.Round(seq.GetX(i), Decimals, MidpointRounding.AwayFromZero));
                seq.SetY(i, Math.Round(seq.GetY(i), Decimals, MidpointRounding.AwayFromZero));
            }
        }
    }
}
