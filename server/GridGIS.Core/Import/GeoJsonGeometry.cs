using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>
/// Reads one GeoJSON geometry object into a 2D NTS geometry (SRID 4326 factory, coordinates not yet
/// checked for range). Throws <see cref="FormatException"/> with a message naming the position
/// (e.g. "coordinates[0][3]") for anything malformed: wrong nesting, non-numbers, unclosed rings.
/// </summary>
internal static class GeoJsonGeometry
{
    private static GeometryFactory F => SourceFeature.Factory;

    public static Geometry Read(JsonElement g, GeoJsonFeatureReader.VertexBudget budget)
    {
        if (g.ValueKind != JsonValueKind.Object || !g.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String)
            throw new FormatException("geometry must be an object with a \"type\"");
        var type = t.GetString();
        if (type == "GeometryCollection")
            throw new FormatException("GeometryCollection is not supported; use one geometry per feature");
        if (!g.TryGetProperty("coordinates", out var c) || c.ValueKind != JsonValueKind.Array)
            throw new FormatException($"{type} geometry has no \"coordinates\" array");
        var limits = budget.Limits;
        var vertices = 0;
        Coordinate[] Seq(JsonElement a, string path)
        {
            if (a.ValueKind != JsonValueKind.Array) throw new FormatException($"{path} must be an array of positions");
            var n = a.GetArrayLength();
            vertices += n;
            if (vertices > limits.MaxVerticesPerGeometry)
                throw new FormatException($"more than {limits.MaxVerticesPerGeometry} vertices in one geometry");
            var pts = new Coordinate[n];
            var i = 0;
            foreach (var p in a.EnumerateArray()) { pts[i] = Position(p, $"{path}[{i}]"); i++; }
            return pts;
        }
        JsonElement[] Parts(JsonElement a, string path)
        {
            if (a.ValueKind != JsonValueKind.Array) throw new FormatException($"{path} must be an array");
            if (a.GetArrayLength() > limits.MaxPartsPerGeometry)
                throw new FormatException($"more than {limits.MaxPartsPerGeometry} parts or rings in one geometry");
            return [.. a.EnumerateArray()];
        }
        Polygon Poly(JsonElement a, string path)
        {
            var rings = Parts(a, path);
            if (rings.Length == 0) return F.CreatePolygon();
            var shell = Ring(Seq(rings[0], $"{path}[0]"), $"{path}[0]");
            var holes = new LinearRing[rings.Length - 1];
            for (var i = 1; i < rings.Length; i++) holes[i - 1] = Ring(Seq(rings[i], $"{path}[{i}]"), $"{path}[{i}]");
            return F.CreatePolygon(shell, holes);
        }
        Geometry result = type switch
        {
            "Point" => c.GetArrayLength() == 0 ? F.CreatePoint() : F.CreatePoint(Position(c, "coordinates")),
            "MultiPoint" => F.CreateMultiPointFromCoords(Seq(c, "coordinates")),
            "LineString" => Line(Seq(c, "coordinates"), "coordinates"),
            "MultiLineString" => F.CreateMultiLineString([.. Parts(c, "coordinates").Select((l, i) => Line(Seq(l, $"coordinates[{i}]"), $"coordinates[{i}]"))]),
            "Polygon" => Poly(c, "coordinates"),
            "MultiPolygon" => F.CreateMultiPolygon([.. Parts(c, "coordinates").Select((p, i) => Poly(p, $"coordinates[{i}]"))]),
            _ => throw new FormatException($"unknown geometry type '{type}'"),
        };
        budget.Take(Math.Max(vertices, 1));
        return result;
    }

    private static Coordinate Position(JsonElement p, string path)
    {
        if (p.ValueKind != JsonValueKind.Array || p.GetArrayLength() < 2)
            throw new FormatException($"{path} must be a position [lon, lat]");
        return new Coordinate(Number(p[0], $"{path}[0]"), Number(p[1], $"{path}[1]"));
    }

    private static double Number(JsonElement v, string path)
    {
        if (v.ValueKind != JsonValueKind.Number) throw new FormatException($"{path} must be a number, not {v.ValueKind.ToString().ToLowerInvariant()}");
        if (!v.TryGetDouble(out var d) || !double.IsFinite(d)) throw new FormatException($"{path} = {v.GetRawText()} is not a finite number");
        return d;
    }

    private static LineString Line(Coordinate[] pts, string path)
    {
        if (pts.Length == 1) throw new FormatException($"{path}: a LineString needs at least 2 positions");
        return F.CreateLineString(pts);
    }

    private static LinearRing Ring(Coordinate[] pts, string path)
    {
        if (pts.Length == 0) return F.CreateLinearRing();
        if (pts.Length < 4) throw new FormatException($"{path}: a polygon ring needs at least 4 positions, has {pts.Length}");
        if (!pts[0].Equals2D(pts[^1])) throw new FormatException($"{path}: the ring is not closed (first and last positions differ)");
        return F.CreateLinearRing(pts);
    }
}
