using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>
/// Reads a GeoJSON (RFC 7946) FeatureCollection into <see cref="SourceFeature"/>s. Positions are
/// [lon, lat] (a third value is dropped); every geometry type but GeometryCollection is read, so that
/// a wrong type for the layer is reported by the validator. Property values become text: numbers as
/// written, booleans as true/false, arrays of scalars joined with ';'. Nesting deeper than
/// <see cref="ImportLimits.MaxJsonDepth"/> and nested objects in properties are rejected.
/// </summary>
public static class GeoJsonFeatureReader
{
    public static IReadOnlyList<SourceFeature> Read(ReadOnlyMemory<byte> utf8, ImportLimits limits, ImportErrorList errors)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = limits.MaxJsonDepth });
        }
        catch (JsonException e)
        {
            var line = (int)(e.LineNumber ?? 0) + 1;
            var reason = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].Trim();
            errors.Add(null, line, "json", $"malformed JSON at line {line}, byte {(e.BytePositionInLine ?? 0) + 1}: {reason}");
            return [];
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) ||
                type.ValueKind != JsonValueKind.String || type.GetString() != "FeatureCollection")
            {
                errors.Add(null, null, "type", "expected a GeoJSON object with \"type\": \"FeatureCollection\"");
                return [];
            }
            if (!root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                errors.Add(null, null, "features", "the FeatureCollection has no \"features\" array");
                return [];
            }
            var count = features.GetArrayLength();
            if (count == 0)
            {
                errors.Add(null, null, "features", "the FeatureCollection has no features");
                return [];
            }
            if (count > limits.MaxFeatures)
            {
                errors.Add(null, null, "features", $"{count} features; at most {limits.MaxFeatures} per import (split the file)");
                return [];
            }
            var result = new List<SourceFeature>(count);
            var budget = new VertexBudget(limits);
            var i = 0;
            foreach (var f in features.EnumerateArray())
            {
                if (errors.Full) break;
                result.Add(ReadFeature(f, i++, budget, errors));
            }
            return result;
        }
    }

    private static SourceFeature ReadFeature(JsonElement f, int index, VertexBudget budget, ImportErrorList errors)
    {
        var props = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (f.ValueKind != JsonValueKind.Object || !f.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String || t.GetString() != "Feature")
        {
            errors.Add(index, null, "type", "not a GeoJSON Feature (\"type\": \"Feature\")");
            return new SourceFeature(index, null, null, props);
        }
        if (f.TryGetProperty("properties", out var p))
        {
            if (p.ValueKind == JsonValueKind.Object)
                foreach (var prop in p.EnumerateObject()) props[prop.Name] = PropertyText(prop.Value, index, prop.Name, errors);
            else if (p.ValueKind != JsonValueKind.Null)
                errors.Add(index, null, "properties", "properties must be an object or null");
        }
        Geometry? geometry = null;
        if (!f.TryGetProperty("geometry", out var g) || g.ValueKind == JsonValueKind.Null)
            errors.Add(index, null, "geometry", "the feature has no geometry");
        else
        {
            try
            {
                geometry = GeoJsonGeometry.Read(g, budget);
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                errors.Add(index, null, "geometry", e.Message);
            }
        }
        return new SourceFeature(index, null, geometry, props);
    }

    private static string? PropertyText(JsonElement v, int index, string name, ImportErrorList errors)
    {
        switch (v.ValueKind)
        {
            case JsonValueKind.Null: return null;
            case JsonValueKind.String:
                try
                {
                    return v.GetString();
                }
                catch (InvalidOperationException)
                {
                    // An escaped lone surrogate (\ud800) cannot become a .NET or PostgreSQL string.
                    errors.Add(index, null, name, $"{name} contains an invalid Unicode character (an unpaired surrogate)");
                    return null;
                }
            case JsonValueKind.Number: return v.GetRawText();
            case JsonValueKind.True: return "true";
            case JsonValueKind.False: return "false";
            case JsonValueKind.Array:
                var parts = new List<string>();
                foreach (var item in v.EnumerateArray())
                {
                    if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    {
                        errors.Add(index, null, name, "nested arrays and objects are not allowed in properties");
                        return null;
                    }
                    parts.Add(PropertyText(item, index, name, errors) ?? "");
                }
                return string.Join(';', parts);
            default:
                errors.Add(index, null, name, "nested objects are not allowed in properties");
                return null;
        }
    }

    /// <summary>Counts vertices over the whole file, against the per-geometry and total limits.</summary>
    internal sealed class VertexBudget(ImportLimits limits)
    {
        private long _total;
        public ImportLimits Limits => limits;

        public void Take(int vertices)
        {
            _total += vertices;
            if (_total > limits.MaxVerticesTotal)
                throw new FormatException($"more than {limits.MaxVerticesTotal.ToString(CultureInfo.InvariantCulture)} vertices in the file; split it");
        }
    }
}
