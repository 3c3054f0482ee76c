using GridGIS.Server.Http;

namespace GridGIS.Server.Features.Households;

// What the household endpoints answer, as the OpenAPI document describes it (the list and the moves
// are written by the queries beside this file).

/// <summary>A household: personal data, for administrators and the worker of its grid only.</summary>
internal sealed record HouseholdProperties(string Layer, int? GridId, string? GridCode, string? Address, int Residents, int ForeignResidents,
    Dictionary<string, int> Nationalities, bool Generated);

/// <summary>A page of one grid's households.</summary>
internal sealed record GridHouseholds(string Type, int GridId, long NumberMatched, long NumberReturned,
    IReadOnlyList<GeoJsonFeature<HouseholdProperties>> Features);

/// <summary>A point in WGS84 degrees, [lon, lat].</summary>
internal sealed record PointGeometry(string Type, double[] Coordinates);

internal sealed record HouseholdFeature(string Type, long Id, PointGeometry Geometry, HouseholdProperties Properties);

internal sealed record HouseholdMoved(long HouseholdId, int? FromGridId, string? FromGridCode, int? ToGridId, string ToGridCode, string Reason, string By);

/// <summary>A manual move as audited: when, by whom, from and to which grid, why.</summary>
internal sealed record HouseholdMove(DateTimeOffset At, string By, int? FromGridId, string? FromGridCode, int? ToGridId, string? ToGridCode, string? Reason);

internal sealed record UnassignedHousehold(long Id, double Lon, double Lat);

/// <summary>Households in no grid: how many, and the first of them.</summary>
internal sealed record UnassignedReport(long Count, IReadOnlyList<UnassignedHousehold> Households);

internal sealed record HouseholdImportAnswer(long Imported, long Assigned, Grids.GridsApi.UnassignedHouseholds Unassigned);
