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

/// <summary>A move applied; <c>Replayed</c> when it was applied earlier under the same idempotency key and this request changed nothing.</summary>
internal sealed record HouseholdMoved(long HouseholdId, int? FromGridId, string? FromGridCode, int? ToGridId, string ToGridCode, string Reason, string By,
    bool Replayed);

/// <summary>
/// One household in the worker's list: its grid, address, residents, foreign residents by nationality, the languages
/// of those nationalities (ISO 639-1, most persons first) and its WGS84 point (degrees, 7 decimals).
/// </summary>
internal sealed record HouseholdListItem(long Id, int? GridId, string? GridCode, string? Address, int Residents, int ForeignResidents,
    Dictionary<string, int> Nationalities, IReadOnlyList<string> Languages, double Lon, double Lat, bool Generated);

/// <summary>A page of the household list: how many match in all, how many here, and the cursor of the next page (null: this is the last).</summary>
internal sealed record HouseholdPage(long Total, int Returned, string? Next, IReadOnlyList<HouseholdListItem> Households);

/// <summary>One of the signed-in worker's grids with its load; <c>OverLimit</c> when the grid alone has more households than the limit.</summary>
internal sealed record OwnGridLoad(int GridId, string Code, string? Name, long Households, long Residents, long ForeignResidents, bool OverLimit);

/// <summary>The signed-in worker's load over their grids against the household limit (more than the limit is over it).</summary>
internal sealed record OwnWorkload(long HouseholdLimit, long Households, long Residents, long ForeignResidents, bool OverLimit,
    IReadOnlyList<OwnGridLoad> Grids);

/// <summary>A manual move as audited: when, by whom, from and to which grid, why.</summary>
internal sealed record HouseholdMove(DateTimeOffset At, string By, int? FromGridId, string? FromGridCode, int? ToGridId, string? ToGridCode, string? Reason);

internal sealed record UnassignedHousehold(long Id, double Lon, double Lat);

/// <summary>Households in no grid: how many, and the first of them.</summary>
internal sealed record UnassignedReport(long Count, IReadOnlyList<UnassignedHousehold> Households);

internal sealed record HouseholdImportAnswer(long Imported, long Assigned, Grids.GridsApi.UnassignedHouseholds Unassigned);
