using NetTopologySuite.Geometries;

namespace GridGIS.Core.Import;

/// <summary>A street ready to store: WGS84 MultiPolygon, 9-digit national code.</summary>
public sealed record StreetRow(int Feature, string Code, string NameZh, string NameEn, MultiPolygon Geometry);

/// <summary>A community: its street is the one whose code is the first 9 digits of its 12-digit code.</summary>
public sealed record CommunityRow(int Feature, string Code, string StreetCode, string NameZh, string? NameEn, MultiPolygon Geometry);

/// <summary>A grid: its community is the one whose code is the first 12 digits of its 15-digit code.</summary>
public sealed record GridRow(int Feature, string Code, string CommunityCode, string Kind, string? Name, MultiPolygon Geometry);

/// <summary>A facility: a point, its category code, capacity (0..1,000,000, optional) and languages served (ISO 639-1).</summary>
public sealed record FacilityRow(int Feature, string Category, string Name, Point Geometry, int? Capacity, string[] Languages);

/// <summary>A walking-network edge: a LineString, walkable only from its first to its last vertex when one-way.</summary>
public sealed record WalkEdgeRow(int Feature, LineString Geometry, bool Oneway, string Kind);

/// <summary>
/// A validated file: the rows of its layer (the other lists empty), and the CSV line of each feature
/// (null for GeoJSON) so that later errors can say where.
/// </summary>
public sealed record ImportBatch(
    ImportLayer Layer,
    IReadOnlyList<int?> Lines,
    IReadOnlyList<StreetRow> Streets,
    IReadOnlyList<CommunityRow> Communities,
    IReadOnlyList<GridRow> Grids,
    IReadOnlyList<FacilityRow> Facilities,
    IReadOnlyList<WalkEdgeRow> Edges)
{
    public int Count => Streets.Count + Communities.Count + Grids.Count + Facilities.Count + Edges.Count;
}
