using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GridGIS.Core.Geo;

/// <summary>
/// Checks a geometry that arrives from outside (an upload, a request body) before it is stored or
/// analysed: not empty, finite coordinates (no NaN or infinity), WGS84 longitude -180..180 and latitude
/// -90..90 degrees, optionally inside an expected area (with a hint when latitude and longitude look
/// swapped), at most <see cref="MaxVertices"/> vertices, collections nested at most
/// <see cref="MaxNesting"/> deep, one of the allowed types, and OGC-valid (no self-intersections).
/// Returns the problems in words a user can act on, each naming where it is; an empty list means
/// the geometry is acceptable. Never throws for bad geometry; only for bad options.
/// </summary>
public sealed record GeometryLimits
{
    /// <summary>Most vertices in one geometry (all parts together). Default 100,000.</summary>
    public int MaxVertices { get; init; } = 100_000;

    /// <summary>Deepest nesting of geometry collections: 0 = no collections, 1 = Multi*/collection of
    /// simple parts. Default 1.</summary>
    public int MaxNesting { get; init; } = 1;

    /// <summary>Allowed OGC geometry types (e.g. "Point", "MultiPolygon"); null allows any.</summary>
    public IReadOnlyCollection<string>? AllowedTypes { get; init; }

    /// <summary>Where the data is expected (WGS84 degrees), e.g. <see cref="China"/>; null: anywhere.</summary>
    public Envelope? ExpectedArea { get; init; }

    /// <summary>Whether polygons must be OGC-valid (rings closed, not self-intersecting). Default true.</summary>
    public bool RequireValid { get; init; } = true;

    /// <summary>Mainland China and surroundings, WGS84 degrees: lon 73..136, lat 3..54.</summary>
    public static readonly Envelope China = new(73, 136, 3, 54);

    /// <summary>The defaults: any type, up to 100,000 vertices, one level of nesting, valid, anywhere.</summary>
    public static readonly GeometryLimits Default = new();

    /// <summary>Checks <paramref name="geometry"/> with the <see cref="Default"/> limits.</summary>
    public static IReadOnlyList<string> Check(Geometry? geometry) => Default.CheckGeometry(geometry);

    /// <summary>Checks <paramref name="geometry"/> against these limits; an empty list means acceptable.</summary>
    public IReadOnlyList<string> CheckGeometry(Geometry? geometry)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxVertices, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxNesting);
        var errors = new List<string>();
        if (geometry is null) { errors.Add("geometry is missing"); return errors; }
        if (AllowedTypes is { } types && !types.Contains(geometry.GeometryType))
            errors.Add($"geometry type {geometry.GeometryType} is not accepted here; expected {string.Join(" or ", types)}");
        if (geometry.IsEmpty) { errors.Add($"{geometry.GeometryType} is empty"); return errors; }

        var depth = Nesting(geometry);
        if (depth > MaxNesting)
            errors.Add($"geometry collections are nested {depth} deep; at most {MaxNesting} allowed");
        var vertices = geometry.NumPoints;
        if (vertices > MaxVertices)
        {
            errors.Add($"geometry has {vertices:N0} vertices; at most {MaxVertices:N0} allowed (simplify it first)");
            return errors; // do not run the costly checks below on an oversized geometry
        }

        var coords = geometry.Coordinates;
        for (var i = 0; i < coords.Length; i++)
        {
            var c = coords[i];
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
            {
                errors.Add($"vertex {i} has a coordinate that is not a finite number ({c.X}, {c.Y})");
                return errors;
            }
        }
        for (var i = 0; i < coords.Length; i++)
        {
            var c = coords[i];
            if (c.X is < -180 or > 180 || c.Y is < -90 or > 90)
            {
                var swapped = c.Y is >= -180 and <= 180 && c.X is >= -90 and <= 90 ? " (are latitude and longitude swapped?)" : "";
                errors.Add($"vertex {i} ({c.X}, {c.Y}) is out of range: longitude -180..180, latitude -90..90 degrees{swapped}");
                return errors;
            }
        }
        if (ExpectedArea is { } area && !area.Covers(geometry.EnvelopeInternal))
        {
            var outside = coords.Select((c, i) => (c, i)).First(p => !area.Covers(p.c));
            var swapped = area.Covers(outside.c.Y, outside.c.X) ? "; latitude and longitude look swapped (expected lon, lat order)" : "";
            errors.Add($"vertex {outside.i} ({outside.c.X}, {outside.c.Y}) lies outside the expected area " +
                       $"lon {area.MinX}..{area.MaxX}, lat {area.MinY}..{area.MaxY}{swapped}");
        }
        if (RequireValid && errors.Count == 0)
        {
            var error = new IsValidOp(geometry).ValidationError;
            if (error is not null)
                errors.Add($"{geometry.GeometryType} is not valid: {error.Message.ToLowerInvariant()} at ({error.Coordinate?.X}, {error.Coordinate?.Y})");
        }
        return errors;
    }

    /// <summary>How deep geometry collections (including Multi*) are nested: 0 for a simple geometry.</summary>
    public static int Nesting(Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry is not GeometryCollection gc) return 0;
        var deepest = 0;
        for (var i = 0; i < gc.NumGeometries; i++) deepest = Math.Max(deepest, Nesting(gc.GetGeometryN(i)));
        return deepest + 1;
    }
}
