using System.Text.Json;

namespace GridGIS.Server.Features.Coverage;

// What the coverage endpoints answer: the records the OpenAPI document describes and the viewer's types
// are generated from. Progress is a percentage (0..100) named so: `percent`, as for import jobs.

/// <summary>202 answer to starting a run: its id and what it will compute.</summary>
internal sealed record RunStarted(long Id, string State, string Mode, bool WhatIf, double? Minutes, string[]? Categories);

/// <summary>One run in the list: state, <paramref name="Percent"/> done (0..100), parts, what-if scope.</summary>
internal sealed record RunSummary(long Id, string State, double Percent, string Mode, string Trigger, bool NoOp,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, long Parts, long PartsComplete,
    bool WhatIf, double? Minutes, string[] Categories);

internal sealed record RunList(IReadOnlyList<RunSummary> Runs, string LatestServed);

/// <summary>One part (street or category) of a run, with its timings in seconds.</summary>
internal sealed record RunPart(string Part, string State, int Attempts, string? Worker, double? SecondsLoad, double? SecondsCompute, string? Error);

/// <summary>A run with its parameters (as stored: detour factor, categories and thresholds) and parts.</summary>
internal sealed record RunDetail(long Id, string State, double Percent, string Mode, string ModeNote, string Trigger, bool NoOp,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, string? Error, JsonElement Parameters, RunPart[] Parts);

/// <summary>
/// One unit's coverage of one category. Counts a non-administrator may not see (fewer than 5 households
/// on either side) are null; <paramref name="ShareCovered"/> is a fraction 0..1 of residents.
/// </summary>
internal sealed record UnitResult(string Category, string Level, int UnitId, string? Code, string? Name,
    long? Households, long? HouseholdsCovered, long? HouseholdsNotCovered,
    long? Residents, long? ResidentsCovered, long? ResidentsNotCovered, double? ShareCovered,
    long? ForeignResidents, long? ForeignCovered, long? ForeignNotCovered, double? Accessibility);

/// <summary>A facility's load: households and residents within its walk against its capacity.</summary>
internal sealed record FacilityLoad(string Category, int FacilityId, string? Name, long? Households, long? Residents, int? Capacity,
    double? LoadRatio, bool? Overloaded, double? SupplyRatio);

/// <summary>
/// A run and, when it is complete, its results per unit and facility; for a run that is not complete
/// <paramref name="Units"/> and <paramref name="Facilities"/> are null and <paramref name="Note"/> says why.
/// </summary>
internal sealed record RunResults(RunDetail Run, IReadOnlyList<UnitResult>? Units, IReadOnlyList<FacilityLoad>? Facilities,
    string? Accessibility, string? Privacy, string? Note);

/// <summary>One side of a comparison: a unit's figures in one run.</summary>
internal sealed record CompareSide(long? Households, long? HouseholdsCovered, double? ShareCovered, double? Accessibility);

/// <summary>A unit in two runs; <paramref name="ShareCovered"/> and <paramref name="HouseholdsCovered"/> are to minus from.</summary>
internal sealed record CompareUnit(string Category, int UnitId, CompareSide From, CompareSide To, double? ShareCovered, long? HouseholdsCovered);

internal sealed record RunComparison(long From, long To, string Level, IReadOnlyList<CompareUnit> Units, string Difference, string? Privacy);

/// <summary>A service gap's properties (GeoJSON feature of <c>/api/coverage/runs/{id}/gaps</c>).</summary>
internal sealed record GapProperties(long Run, string Category, int GapNo, double AreaM2, long? Households, long? HouseholdsNotCovered,
    long? Residents, long? ForeignResidents);

/// <summary>The units results are kept for.</summary>
internal enum CoverageLevel { District, Street, Community, Grid }
