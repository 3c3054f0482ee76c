using NetTopologySuite.Geometries;

namespace GridGIS.Core.Demo;

/// <summary>
/// The generated Chaoyang demo, in memory, every geometry in WGS84 (EPSG:4326, lon/lat degrees, SRID set).
/// Indexes link records (a community's <c>StreetIndex</c> is a position in <see cref="Streets"/>); the loader
/// turns them into database ids. Only <see cref="DemoStreet.Published"/> holds published figures;
/// everything else is generated (see data/README.md).
/// </summary>
public sealed record DemoDataset(
    double Scale,
    ulong Seed,
    IReadOnlyList<DemoStreet> Streets,
    IReadOnlyList<DemoCommunity> Communities,
    IReadOnlyList<DemoGridWorker> Workers,
    IReadOnlyList<DemoGrid> Grids,
    IReadOnlyList<DemoHousehold> Households,
    IReadOnlyList<DemoCategory> Categories,
    IReadOnlyList<DemoFacility> Facilities,
    IReadOnlyList<DemoWalkNode> Nodes,
    IReadOnlyList<DemoWalkEdge> Edges)
{
    /// <summary>Bumped whenever the generator's output for a given seed and scale changes.</summary>
    public const string GeneratorVersion = "3";     // 3: real OSM roads in central Wangjing (DemoRealNetwork)
}

/// <summary>Street (街道): generated approximate polygon, published 2010 figures.</summary>
public sealed record DemoStreet(string Code, string NameZh, string NameEn, MultiPolygon Geometry, string GeometryNote,
    PublishedStreet2010 Published, string PublishedSource, int PublishedYear);

/// <summary>Community (社区): real name and code, generated polygon inside its street.</summary>
public sealed record DemoCommunity(string Code, string NameZh, int StreetIndex, MultiPolygon Geometry);

/// <summary>Grid worker (网格员): generated name; languages as ISO 639-1 codes, "zh" first.</summary>
public sealed record DemoGridWorker(string Name, IReadOnlyList<string> Languages, string? UserName);

/// <summary>Grid (网格): 15-digit code (district 6 + street 3 + community 3 + grid 3); kind "ordinary" or "foreign_resident".</summary>
public sealed record DemoGrid(string Code, int CommunityIndex, string Kind, string Name, int? WorkerIndex, MultiPolygon Geometry);

/// <summary>Foreign residents of one nationality (ISO 3166 alpha-2) in a household.</summary>
public readonly record struct NationalityCount(string Country, int Count);

/// <summary>Household (户), generated: WGS84 point; nationalities sum to <see cref="ForeignResidents"/>.</summary>
public sealed record DemoHousehold(double Lon, double Lat, string Address, int Residents, int ForeignResidents,
    IReadOnlyList<NationalityCount> Nationalities, int StreetIndex, int GridIndex);

/// <summary>Facility category (设施类别): threshold in walk minutes at a walk speed, or in metres where the standard says so.</summary>
public sealed record DemoCategory(string Code, string NameZh, string NameEn, double WalkMinutes, double? WalkMetres, double WalkSpeedKmh,
    bool LanguageApplies = true);

/// <summary>Facility (设施), generated: WGS84 point; capacity in people served (places, seats, beds or daily visits).</summary>
public sealed record DemoFacility(string CategoryCode, string Name, double Lon, double Lat, int Capacity,
    IReadOnlyList<string> Languages, int StreetIndex);

/// <summary>Walking-network node, WGS84.</summary>
public readonly record struct DemoWalkNode(double Lon, double Lat);

/// <summary>
/// Walking-network edge between two node indexes; a straight segment; <see cref="LengthM"/> in metres measured
/// in the local metric CRS. Kind: arterial, street, path (inside a compound) or gate (compound to street).
/// </summary>
public readonly record struct DemoWalkEdge(int Source, int Target, double LengthM, string Kind);
