using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import.Osm;

/// <summary>What a basemap feature is (<c>basemap_feature.kind</c>, migration 0016).</summary>
public enum BasemapKind
{
    /// <summary>A road or path: <c>highway=*</c> lines, class = the highway value.</summary>
    Road,
    /// <summary>A building outline: <c>building=*</c> areas, class = the building value.</summary>
    Building,
    /// <summary>Water: <c>natural=water</c>, riverbanks, reservoirs (areas) and waterways (lines).</summary>
    Water,
    /// <summary>Parks, gardens, grass, woods.</summary>
    Green,
    /// <summary>Other land use: residential, commercial, industrial, ...</summary>
    Landuse,
    /// <summary>Railways, subways, trams (lines).</summary>
    Rail,
    /// <summary>Place names: <c>place=*</c> nodes.</summary>
    Place,
}

/// <summary>A basemap feature: kind, class in OSM's words, names, OSM id and geometry (EPSG:4326).</summary>
public sealed record BasemapFeature(BasemapKind Kind, string Class, string? Name, string? NameZh, string? NameEn, string SourceId, Geometry Geometry);

/// <summary>
/// Which OSM features the map's basemap keeps, and as what (<see cref="Classify"/>); first match wins, in the order of
/// <see cref="BasemapKind"/>'s members except that water and green areas win over land use (<c>landuse=reservoir</c> is water,
/// <c>landuse=grass</c> green). Roads and rail must be lines, buildings, green and land use areas, places points; water may
/// be either. Untagged and other features are not basemap features.
/// </summary>
public static class OsmBasemap
{
    private static readonly HashSet<string> RoadClasses =
    [
        "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
        "tertiary", "tertiary_link", "unclassified", "residential", "living_street", "service", "pedestrian", "track",
        "road", "footway", "path", "steps", "cycleway", "bridleway", "corridor",
    ];
    private static readonly HashSet<string> Waterways = ["river", "stream", "canal", "drain", "ditch", "brook"];
    private static readonly HashSet<string> WaterLanduse = ["reservoir", "basin"];
    private static readonly HashSet<string> GreenLanduse = ["grass", "forest", "meadow", "recreation_ground", "village_green", "orchard", "cemetery"];
    private static readonly HashSet<string> GreenLeisure = ["park", "garden", "playground", "nature_reserve", "pitch", "golf_course"];
    private static readonly HashSet<string> GreenNatural = ["wood", "scrub", "grassland", "heath", "wetland"];
    private static readonly HashSet<string> RailClasses = ["rail", "subway", "light_rail", "tram", "monorail", "narrow_gauge", "funicular"];
    private static readonly HashSet<string> PlaceClasses =
        ["city", "town", "district", "borough", "suburb", "quarter", "neighbourhood", "village", "hamlet", "city_block", "square", "locality"];

    /// <summary>The kind and class of a feature with these tags and geometry, or null when the basemap does not keep it.</summary>
    public static (BasemapKind Kind, string Class)? Classify(IReadOnlyDictionary<string, string> tags, Geometry geometry)
    {
        ArgumentNullException.ThrowIfNull(tags);
        ArgumentNullException.ThrowIfNull(geometry);
        var isLine = geometry is LineString or MultiLineString;
        var isArea = geometry is Polygon or MultiPolygon;
        var isPoint = geometry is Point;
        if (tags.TryGetValue("highway", out var h) && isLine && RoadClasses.Contains(h)) return (BasemapKind.Road, h);
        if (tags.TryGetValue("building", out var b) && b != "no" && isArea) return (BasemapKind.Building, b);
        if (isArea && (tags.GetValueOrDefault("natural") == "water" || tags.GetValueOrDefault("waterway") == "riverbank"
                       || (tags.TryGetValue("landuse", out var wl) && WaterLanduse.Contains(wl))))
            return (BasemapKind.Water, tags.GetValueOrDefault("water") ?? tags.GetValueOrDefault("landuse") ?? tags.GetValueOrDefault("waterway") ?? "water");
        if (isLine && tags.TryGetValue("waterway", out var ww) && Waterways.Contains(ww)) return (BasemapKind.Water, ww);
        if (isArea)
        {
            if (tags.TryGetValue("leisure", out var l) && GreenLeisure.Contains(l)) return (BasemapKind.Green, l);
            if (tags.TryGetValue("landuse", out var gl) && GreenLanduse.Contains(gl)) return (BasemapKind.Green, gl);
            if (tags.TryGetValue("natural", out var n) && GreenNatural.Contains(n)) return (BasemapKind.Green, n);
            if (tags.TryGetValue("landuse", out var lu)) return (BasemapKind.Landuse, lu);
        }
        if (isLine && tags.TryGetValue("railway", out var r) && RailClasses.Contains(r)) return (BasemapKind.Rail, r);
        if (isPoint && tags.TryGetValue("place", out var p) && PlaceClasses.Contains(p)) return (BasemapKind.Place, p);
        return null;
    }

    /// <summary>The basemap features of an extract's features, each with its names (<c>name</c>, <c>name:zh</c>, <c>name:en</c>).</summary>
    public static IEnumerable<BasemapFeature> Select(IEnumerable<OsmFeature> features)
    {
        ArgumentNullException.ThrowIfNull(features);
        foreach (var f in features)
        {
            if (Classify(f.Tags, f.Geometry) is not { } k) continue;
            yield return new BasemapFeature(k.Kind, Cut(k.Class, 100), Text(f.Tags, "name"), Text(f.Tags, "name:zh"), Text(f.Tags, "name:en"), f.SourceId, f.Geometry);
        }
    }

    private static string? Text(IReadOnlyDictionary<string, string> tags, string key)
    {
        if (!tags.TryGetValue(key, out var v)) return null;
        var clean = new string(v.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : Cut(clean, 200);
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(char.IsHighSurrogate(s[max - 1]) ? max - 1 : max)];
}
