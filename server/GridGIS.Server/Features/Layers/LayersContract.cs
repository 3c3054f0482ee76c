using System.Text.Json;
using GridGIS.Server.Http;

namespace GridGIS.Server.Features.Layers;

// What the layer endpoints answer, as the OpenAPI document describes it; the queries beside this file
// write it with json_build_object.

/// <summary>A page of a layer: GeoJSON features and OGC API - Features' numberMatched / numberReturned.</summary>
internal sealed record LayerCollection<TProperties>(string Type, long NumberMatched, long NumberReturned,
    IReadOnlyList<GeoJsonFeature<TProperties>> Features) where TProperties : class;

internal sealed record StreetProperties(string Layer, string Code, string NameZh, string? NameEn, string? GeometryNote);

internal sealed record CommunityProperties(string Layer, string Code, string NameZh, string? NameEn, string StreetCode, string StreetZh, string? StreetEn);

/// <summary>A grid; <paramref name="Kind"/> is ordinary or foreign_resident.</summary>
internal sealed record GridProperties(string Layer, string Code, string Kind, string? Name, string CommunityCode, string CommunityZh,
    string StreetCode, string? Worker, string[]? WorkerLanguages);

internal sealed record FacilityProperties(string Layer, string? Name, string Category, string CategoryZh, string CategoryEn, int? Capacity,
    string[]? Languages, string? StreetCode, bool Generated);

/// <summary>A walking-network edge; <paramref name="LengthM"/> in metres.</summary>
internal sealed record WalkEdgeProperties(string Layer, long Source, long Target, double LengthM, bool Oneway, string? Kind);

/// <summary>A facility category: its walk threshold (minutes, or metres when set) and speed, how many facilities it has, and whether
/// the language spoken at them counts for coverage (issue 19; a food market: no).</summary>
internal sealed record CategoryInfo(string Code, string NameZh, string NameEn, double WalkMinutes, double? WalkMetres, double WalkSpeedKmh, long Facilities,
    bool LanguageApplies);

/// <summary>The published 2010 figures of a street (null where none were published).</summary>
internal sealed record PublishedFigures(string Label, string? Source, int? Year, long? Residents, long? ForeignResidents, double? ForeignShare,
    long? RegisteredTotal, long? RegisteredLocal, long? RegisteredElsewhereInBeijing, long? MigrantTotal, long? MigrantWithPermit,
    long? MigrantWithoutPermit);

/// <summary>The loaded households of a street; counts a non-administrator may not see are null.</summary>
internal sealed record LoadedFigures(string Label, bool? Suppressed, long? Households, long? Residents, long? ForeignResidents, double? ForeignShare,
    long Communities, long Grids, long ForeignResidentGrids, Dictionary<string, long> FacilitiesByCategory);

internal sealed record StreetFigures(int Id, string Code, string NameZh, string? NameEn, PublishedFigures? Published, LoadedFigures Loaded);
