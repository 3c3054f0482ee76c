using System.Globalization;

namespace GridGIS.Core.Network;

/// <summary>
/// The walking rules for OpenStreetMap tags: which ways a pedestrian may use and in which direction, which
/// barrier nodes stop them, which ways are areas to walk across and at which level a way lies. docs/osm.md
/// has the table of rules and their effects.
/// <list type="bullet">
/// <item>Walkable: highway = footway, path, pedestrian, steps, corridor, living_street, residential, service,
/// unclassified, road, track, cycleway, bridleway, tertiary(_link), secondary(_link), primary(_link). Steps are
/// walkable at their measured (horizontal) length, no time penalty. footway=sidewalk and footway=crossing are
/// footways; a crossing tagged crossing=no is not one (a mapped place where crossing is not allowed).</item>
/// <item>motorway and trunk (and their _link): only with foot=yes/designated/permissive or a sidewalk on the
/// way (sidewalk=both/left/right/yes); sidewalk=separate or no, or none, keeps them closed (the sidewalk
/// mapped apart, if any, is a footway of its own).</item>
/// <item>Dropped: foot=no; access=no/private unless foot=yes/designated/permissive allows it; anything under
/// construction or proposed (not in the list).</item>
/// <item>Direction: pedestrians ignore oneway=* (it is for vehicles), so edges are two-way, except
/// oneway:foot=yes/-1, or oneway=yes/-1 on a way built for walking (footway, path, steps, pedestrian, corridor).</item>
/// </list>
/// </summary>
public static class OsmWalkways
{
    private static readonly HashSet<string> Walkable =
    [
        "footway", "path", "pedestrian", "steps", "corridor", "living_street", "residential", "service", "unclassified", "road",
        "track", "cycleway", "bridleway", "tertiary", "tertiary_link", "secondary", "secondary_link", "primary", "primary_link",
    ];
    private static readonly HashSet<string> MotorRoads = ["motorway", "motorway_link", "trunk", "trunk_link"];
    private static readonly HashSet<string> FootYes = ["yes", "designated", "permissive", "official"];
    private static readonly HashSet<string> WalkingWays = ["footway", "path", "steps", "pedestrian", "corridor"];
    private static readonly HashSet<string> LinearBarriers = ["wall", "fence", "hedge", "retaining_wall", "city_wall", "guard_rail"];

    /// <summary>True when a way with these tags is walkable.</summary>
    public static bool IsWalkable(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        if (!tags.TryGetValue("highway", out var highway)) return false;
        var foot = tags.GetValueOrDefault("foot");
        if (foot == "no") return false;
        var footAllowed = FootAllows(tags);
        if (tags.GetValueOrDefault("access") is "no" or "private" && !footAllowed) return false;
        if (highway == "footway" && tags.GetValueOrDefault("footway") == "crossing" && tags.GetValueOrDefault("crossing") == "no") return false;
        if (Walkable.Contains(highway)) return true;
        if (MotorRoads.Contains(highway))
            return footAllowed || tags.GetValueOrDefault("sidewalk") is "both" or "left" or "right" or "yes";
        return false;
    }

    /// <summary>+1 one-way along the way's node order, -1 one-way against it, 0 two-way (for a pedestrian).</summary>
    public static int Direction(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var value = tags.GetValueOrDefault("oneway:foot");
        if (value is null && tags.TryGetValue("highway", out var h) && WalkingWays.Contains(h)) value = tags.GetValueOrDefault("oneway");
        return value switch { "yes" or "true" or "1" => 1, "-1" or "reverse" => -1, _ => 0 };
    }

    /// <summary>
    /// True when a node with these tags stops a pedestrian: a barrier (barrier=*) with foot=no, or with access=no/private
    /// that foot=yes/designated/permissive does not lift; or a linear barrier (wall, fence, hedge, ...) tagged on a
    /// node unless foot allows it. A gate, lift_gate, bollard, entrance etc. with access=yes, or without access tags, passes.
    /// </summary>
    public static bool BlocksPassage(IReadOnlyDictionary<string, string> nodeTags)
    {
        ArgumentNullException.ThrowIfNull(nodeTags);
        if (!nodeTags.TryGetValue("barrier", out var barrier) || barrier == "no") return false;
        if (nodeTags.GetValueOrDefault("foot") == "no") return true;
        if (FootAllows(nodeTags)) return false;
        return nodeTags.GetValueOrDefault("access") is "no" or "private" || LinearBarriers.Contains(barrier);
    }

    /// <summary>
    /// The vertical level of a way, for telling a bridge or tunnel from what it crosses: 0 on the ground; on a bridge
    /// (bridge=* other than no) its layer, else 1; in a tunnel (tunnel=* other than no) its layer, else -1.
    /// </summary>
    public static int Level(IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(tags);
        var bridge = tags.GetValueOrDefault("bridge") is { } b && b != "no";
        var tunnel = tags.GetValueOrDefault("tunnel") is { } t && t != "no";
        if (!bridge && !tunnel) return 0;
        if (int.TryParse(tags.GetValueOrDefault("layer"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var layer) && layer != 0)
            return Math.Clamp(layer, -5, 5);
        return bridge ? 1 : -1;
    }

    /// <summary>
    /// True for a walkable area (a square): a closed way with area=yes and highway=pedestrian or footway. Pedestrians
    /// walk along its outline and straight across it between the ways that meet it.
    /// </summary>
    public static bool IsPedestrianArea(IReadOnlyList<long> nodeRefs, IReadOnlyDictionary<string, string> tags)
    {
        ArgumentNullException.ThrowIfNull(nodeRefs);
        ArgumentNullException.ThrowIfNull(tags);
        return nodeRefs.Count >= 4 && nodeRefs[0] == nodeRefs[^1] && tags.GetValueOrDefault("area") == "yes"
               && tags.GetValueOrDefault("highway") is "pedestrian" or "footway";
    }

    private static bool FootAllows(IReadOnlyDictionary<string, string> tags) =>
        tags.GetValueOrDefault("foot") is { } foot && FootYes.Contains(foot);
}
