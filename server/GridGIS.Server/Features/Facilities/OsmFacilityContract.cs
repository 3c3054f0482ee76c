using GridGIS.Core.Import.Osm;

namespace GridGIS.Server.Features.Facilities;

/// <summary>One rule of the OSM tag-to-category mapping, as the API shows and takes it (see <see cref="OsmFacilityRule"/>).</summary>
/// <param name="Position">Rules are tried in this order (unique); the first that matches takes the feature.</param>
/// <param name="Category">The facility category code the rule gives.</param>
/// <param name="TagKey">The OSM key the feature must have.</param>
/// <param name="TagValue">Its value; null for any value.</param>
/// <param name="AlsoKey">A second key the feature must also have, or null.</param>
/// <param name="AlsoValue">Its value; null for any value.</param>
/// <param name="NameContains">Text the feature's name or name:zh must contain, or null.</param>
/// <param name="Note">Why the rule is there, for people.</param>
internal sealed record OsmFacilityRuleDto(int Position, string Category, string TagKey, string? TagValue, string? AlsoKey,
    string? AlsoValue, string? NameContains, string? Note)
{
    public OsmFacilityRule ToRule() => new(Position, Category, TagKey, TagValue, AlsoKey, AlsoValue, NameContains, Note);
}

/// <summary>The whole mapping, for <c>PUT /api/facilities/osm-rules</c> (it replaces the stored one).</summary>
internal sealed record OsmFacilityRulesBody(IReadOnlyList<OsmFacilityRuleDto> Rules);

/// <summary>What an OSM facility import does: preview (nothing written), append, or replace the mapping's categories.</summary>
internal enum OsmFacilityMode
{
    /// <summary>Count what each rule takes and what no rule takes; write nothing.</summary>
    Preview,
    /// <summary>Add the facilities to the stored ones.</summary>
    Append,
    /// <summary>Delete the stored facilities of every category the mapping names, then add.</summary>
    Replace,
}

/// <summary>Per category: facilities taken, its default capacity, how many took it, and whether the import created the category.</summary>
internal sealed record OsmFacilityCategoryCount(string Category, int Facilities, int? DefaultCapacity, int WithDefaultCapacity, bool Created);

/// <summary>
/// The answer of an OSM facility import or preview: features read (tagged nodes, ways and multipolygons), facilities
/// taken, how many of them took their category's default capacity (OSM gave none), how many lie outside every stored
/// street, facilities deleted (replace), per category and per rule counts, and the tags of amenities, shops, healthcare
/// and social facilities that no rule takes (tag and count, most frequent first).
/// </summary>
internal sealed record OsmFacilityImportResult(string Mode, bool Written, int FeaturesRead, int Facilities, int DefaultCapacityUsed,
    int OutsideStreets, long Deleted, IReadOnlyList<OsmFacilityCategoryCount> Categories, IReadOnlyList<OsmRuleCount> Rules,
    IReadOnlyList<OsmUnmappedTag> Unmapped);
