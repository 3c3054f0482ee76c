using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import.Osm;

/// <summary>A facility an OSM feature becomes: its category, rule, names (<c>name</c>, <c>name:zh</c>, <c>name:en</c>), capacity if tagged, and point.</summary>
public sealed record OsmFacility(string Category, int RulePosition, string SourceId, string Name, string? NameZh, string? NameEn, int? Capacity, Point Location,
    IReadOnlyList<string> Languages);

/// <summary>How many features one rule took.</summary>
public sealed record OsmRuleCount(int Position, string Category, string Rule, int Features);

/// <summary>A tag no rule takes (<c>amenity=restaurant</c>) and on how many features.</summary>
public sealed record OsmUnmappedTag(string Tag, int Features);

/// <summary>The outcome of mapping an extract: the facilities, per rule how many, and the tagged amenities, shops and healthcare no rule took.</summary>
public sealed record OsmFacilityMatch(IReadOnlyList<OsmFacility> Facilities, IReadOnlyList<OsmRuleCount> Rules, IReadOnlyList<OsmUnmappedTag> Unmapped);

/// <summary>
/// Maps OSM features to facilities by the rules (<see cref="OsmFacilityRule"/>, first match in position order). A node is
/// its own point; a way or multipolygon its centroid, or a point inside it when the centroid falls outside (a U-shaped
/// building). The name is <c>name</c>, else <c>name:zh</c>, else <c>name:en</c>, else the category and OSM id; capacity
/// is the <c>capacity</c> tag when it is a whole number 0..1,000,000. Features that no rule takes are counted by their
/// <see cref="ReportedKeys"/> tags (<c>amenity=restaurant: 33</c>).
/// </summary>
public static class OsmFacilityMapping
{
    /// <summary>The keys whose untaken values the preview lists.</summary>
    public static readonly IReadOnlyList<string> ReportedKeys = ["amenity", "shop", "healthcare", "social_facility"];

    /// <summary>Maps <paramref name="features"/> by <paramref name="rules"/> (any order; tried by position).</summary>
    public static OsmFacilityMatch Map(IEnumerable<OsmFeature> features, IReadOnlyList<OsmFacilityRule> rules)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(rules);
        var ordered = rules.OrderBy(r => r.Position).ToArray();
        var counts = new int[ordered.Length];
        var unmapped = new Dictionary<string, int>(StringComparer.Ordinal);
        var facilities = new List<OsmFacility>();
        foreach (var f in features)
        {
            var i = Array.FindIndex(ordered, r => r.Matches(f.Tags));
            if (i < 0)
            {
                foreach (var key in ReportedKeys)
                    if (f.Tags.TryGetValue(key, out var v)) unmapped[$"{key}={v}"] = unmapped.GetValueOrDefault($"{key}={v}") + 1;
                continue;
            }
            counts[i]++;
            var rule = ordered[i];
            var nameZh = Text(f.Tags, "name:zh");
            var nameEn = Text(f.Tags, "name:en");
            var name = Text(f.Tags, "name") ?? nameZh ?? nameEn ?? $"{rule.Category} ({f.SourceId})";
            facilities.Add(new OsmFacility(rule.Category, rule.Position, f.SourceId, Cut(name, 200), nameZh is null ? null : Cut(nameZh, 200),
                nameEn is null ? null : Cut(nameEn, 200), Capacity(f.Tags), Location(f.Geometry), Languages.OsmLanguageTags.Languages(f.Tags)));
        }
        var perRule = ordered.Select((r, k) => new OsmRuleCount(r.Position, r.Category, r.Describe(), counts[k])).ToList();
        var untaken = unmapped.OrderByDescending(u => u.Value).ThenBy(u => u.Key, StringComparer.Ordinal)
                              .Select(u => new OsmUnmappedTag(u.Key, u.Value)).ToList();
        return new OsmFacilityMatch(facilities, perRule, untaken);
    }

    /// <summary>The point a facility stands at: the geometry's centroid, or an interior point when the centroid lies outside an area.</summary>
    public static Point Location(Geometry g)
    {
        ArgumentNullException.ThrowIfNull(g);
        if (g is Point p) return p;
        var c = g.Centroid;
        if (g is Polygon or MultiPolygon && !g.Contains(c)) c = g.InteriorPoint;
        return c;
    }

    private static int? Capacity(IReadOnlyDictionary<string, string> tags) =>
        int.TryParse(tags.GetValueOrDefault("capacity"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var c)
        && c <= 1_000_000 ? c : null;

    /// <summary>A tag's value trimmed, without control characters; null when absent or blank.</summary>
    private static string? Text(IReadOnlyDictionary<string, string> tags, string key)
    {
        if (!tags.TryGetValue(key, out var v)) return null;
        var clean = new string(v.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return clean.Length == 0 ? null : clean;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..(char.IsHighSurrogate(s[max - 1]) ? max - 1 : max)];
}
