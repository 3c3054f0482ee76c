namespace GridGIS.Server.Features.Compare;

// What GET /api/compare answers, as the OpenAPI document describes it (CompareApi builds it as JSON
// nodes from SelectStreetFigures.sql and StreetCoverage).

/// <summary>A street's published 2010 figures.</summary>
internal sealed record ComparePublished(string? Source, int? Year, long? Residents, long? ForeignResidents, double? ForeignShare);

/// <summary>Facilities of one category in a street, and per 10,000 residents (published population where there is one).</summary>
internal sealed record CompareFacilities(long Count, double? Per10kResidents);

/// <summary>
/// One category's coverage in a street; shares are fractions 0..1, null where withheld: of residents, of foreign residents, of
/// foreign residents served in their language (null where language does not apply to the category), and the spread of
/// accessibility over the street's households (Gini, Palma; Features/Languages/EquityApi).
/// </summary>
internal sealed record CompareCoverage(long Households, double? CoveredShare, long? HouseholdsOutside, double GapAreaKm2,
    double? ForeignCoveredShare, double? ForeignInLanguageShare, double? Gini, double? Palma);

/// <summary>One street's figures; <paramref name="Bbox"/> is [minLon, minLat, maxLon, maxLat] (WGS84).</summary>
internal sealed record CompareStreet(int Id, string Code, string NameZh, string? NameEn, string? GeometryNote, double AreaKm2, double[] Bbox,
    long Households, long Residents, long ForeignResidents, double? ForeignShare, long Grids, long ForeignResidentGrids,
    ComparePublished? Published, Dictionary<string, CompareFacilities> Facilities, Dictionary<string, CompareCoverage>? Coverage);

internal sealed record CompareCategory(string Code, string NameZh, string NameEn);

internal sealed record CompareRun(long Id, DateTimeOffset? FinishedAt, string Mode);

internal sealed record StreetComparison(IReadOnlyList<CompareStreet> Streets, IReadOnlyList<CompareCategory> Categories, CompareRun? CoverageRun,
    string CoverageNote, string Note);
