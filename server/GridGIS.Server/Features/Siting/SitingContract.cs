using System.Text.Json.Serialization;

namespace GridGIS.Server.Features.Siting;

// What the scenario and siting endpoints take and answer: the records the OpenAPI document describes and the viewer's
// types are generated from. Points are WGS84 longitude/latitude degrees; counts are households unless named otherwise.

/// <summary>Creates a scenario over the latest complete coverage run.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record CreateScenarioRequest(string? Name);

/// <summary>What an edit does: add a facility, move one, close one.</summary>
internal enum EditAction { Add, Move, Close }

/// <summary>
/// One edit: <c>add</c> (category, lon, lat, capacity), <c>move</c> (facilityId, lon, lat, optionally a new capacity)
/// or <c>close</c> (facilityId). A facility is a real one (its id, &gt; 0) or one the scenario added (its id, &lt; 0).
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record EditRequest(string? Kind, string? Category, int? FacilityId, double? Lon, double? Lat, int? Capacity,
    string? Label);

/// <summary>An edit as stored: its number in the scenario, what it did, where.</summary>
internal sealed record ScenarioEditView(int Seq, string Kind, string Category, int FacilityId, double? Lon, double? Lat, int? Capacity, string? Label);

/// <summary>A scenario in the list.</summary>
internal sealed record ScenarioSummary(long Id, string Name, long RunId, int Edits, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

internal sealed record ScenarioList(IReadOnlyList<ScenarioSummary> Scenarios);

/// <summary>One side (base run or scenario) of a unit: households, covered ones, share of residents covered (0..1), E2SFCA score.</summary>
internal sealed record SideFigures(long? Households, long? HouseholdsCovered, long? HouseholdsNotCovered, double? ShareCovered, double? Accessibility);

/// <summary>A unit (district, street, community, grid) in the base run and in the scenario; the change is scenario minus base.</summary>
internal sealed record UnitChange(string Level, int UnitId, string? Code, string? Name, SideFigures Base, SideFigures Scenario, long? HouseholdsCoveredChange);

/// <summary>Households, residents and foreign residents of a group (newly covered, newly uncovered); null when withheld.</summary>
internal sealed record GroupCount(long? Households, long? Residents, long? ForeignResidents);

/// <summary>A facility's load in the base run and in the scenario (null side: not there); state: unchanged, added, moved, closed.</summary>
internal sealed record FacilityChange(int FacilityId, string State, string? Name, int? Capacity, double? Lon, double? Lat,
    long? BaseHouseholds, long? Households, long? Residents, double? LoadRatio, bool? Overloaded, double? SupplyRatio);

/// <summary>
/// One category of a scenario against its base run: every street (and the district), and the communities and grids
/// that change; households newly covered and newly uncovered; the facilities the scenario touches.
/// </summary>
internal sealed record CategoryFigures(string Category, double ThresholdSeconds, string Mode, IReadOnlyList<UnitChange> Units,
    GroupCount NewlyCovered, GroupCount NewlyUncovered, IReadOnlyList<FacilityChange> Facilities, long HouseholdsTouched, double Milliseconds);

/// <summary>A scenario with its edits and, per category it edits (or the one asked), its figures against the base run.</summary>
internal sealed record ScenarioView(long Id, string Name, long RunId, string CreatedBy, DateTimeOffset CreatedAt, IReadOnlyList<ScenarioEditView> Edits,
    IReadOnlyList<CategoryFigures> Categories, string? Privacy, string Note);

/// <summary>Two scenarios of one run, one category, per unit: b minus a.</summary>
internal sealed record ScenarioComparison(long A, long B, string Category, IReadOnlyList<UnitChange> Units, string Difference, string? Privacy);

/// <summary>How households count in a suggestion: each 1, by foreign residents, or by foreign residents speaking a language.</summary>
internal enum SitingWeight { Households, ForeignResidents, Language }

/// <summary>
/// Suggest k new sites of a category among candidates (default: network nodes near the households now outside its
/// threshold; or <c>candidates</c>, a GeoJSON FeatureCollection of points) that newly cover the most weight.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record SuggestRequest(string? Category, int? K, string? Weight, string? Language, double? TimeLimitSeconds, int? Capacity,
    System.Text.Json.JsonElement? Candidates);

/// <summary>A suggested site: where, and what it newly covers given the sites before it.</summary>
internal sealed record SiteView(int Rank, int CandidateId, double Lon, double Lat, long? Weight, GroupCount NewlyCovered);

/// <summary>
/// One method's answer: its sites in order, the weight they cover, the proven upper bound on the best possible and the
/// gap (bound - objective) / bound (0..1), status optimal | feasible | unknown, seconds taken.
/// </summary>
internal sealed record SiteAnswerView(string Method, string Status, IReadOnlyList<SiteView> Sites, long? Objective, double? Bound, double? Gap, double Seconds);

/// <summary>Both answers, which one is given (the better; exact when tied), and the result with all k built (as a scenario).</summary>
internal sealed record SuggestionView(string Category, int K, string Weight, string? Language, int Candidates, string CandidateSource, long Demands,
    SiteAnswerView Greedy, SiteAnswerView Exact, string Answered, CategoryFigures AllBuilt, string? Privacy, string Note);
