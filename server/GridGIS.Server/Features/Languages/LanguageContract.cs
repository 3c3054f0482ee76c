namespace GridGIS.Server.Features.Languages;

// What the language-aware coverage endpoints answer (the OpenAPI document describes these records). Shares are fractions 0..1;
// counts a non-administrator may not see are null (LanguageDisclosure).

/// <summary>
/// One unit's language-aware coverage of one category, for one language or for all ('all'): households with foreign residents
/// wanting it, those physically covered and those covered in their language; the same in persons (foreign residents), and the
/// gap between covered and covered in their language.
/// </summary>
internal sealed record LanguageUnitResult(string Category, string Level, int UnitId, string? Code, string? Name, string Language,
    long? Households, long? HouseholdsCovered, long? HouseholdsInLanguage,
    long? ForeignResidents, long? ForeignCovered, long? ForeignResidentsInLanguage, long? ForeignResidentsLanguageGap,
    double? CoveredShare, double? InLanguageShare);

/// <summary>A run's language-aware coverage.</summary>
internal sealed record LanguageResults(long Run, IReadOnlyList<LanguageUnitResult> Units, string Definition, string? Privacy);

/// <summary>A language gap's properties (GeoJSON feature of <c>/api/coverage/runs/{id}/language-gaps</c>).</summary>
internal sealed record LanguageGapProperties(long Run, string Category, int GapNo, string Language, long? Households, long? Persons);

/// <summary>
/// Equity in one street (or the district) for one category: the share of all residents covered beside the share of foreign
/// residents covered and covered in their language; Gini and Palma of the households' accessibility scores.
/// </summary>
internal sealed record UnitEquityResult(string Category, string Level, int UnitId, string? Code, string? Name,
    double? CoveredShare, double? ForeignCoveredShare, double? ForeignInLanguageShare, double? Gini, double? Palma);

/// <summary>A run's equity figures.</summary>
internal sealed record EquityResults(long Run, IReadOnlyList<UnitEquityResult> Units, string Definition, string? Privacy);

/// <summary>One step of a staffing plan: facility gains language, serving so many more persons (households) in their language.</summary>
internal sealed record StaffingStepResult(int Step, int FacilityId, string? FacilityName, string Language, long Persons, long Households);

/// <summary>
/// Which facilities should gain which language for a budget of <paramref name="Staff"/>: the greedy plan (<paramref name="Method"/>),
/// the persons it serves in their language, the bound on the best plan, the persons unserved today, and where to find the grid
/// workers whose languages would close grids' mismatches (<paramref name="WorkerMatching"/>).
/// </summary>
internal sealed record StaffingAnswer(long Run, string Category, int Staff, string Method, IReadOnlyList<StaffingStepResult> Steps,
    long Persons, double? UpperBound, long? Unserved, string Bound, string WorkerMatching, string? Privacy, StaffingComparison? Comparison = null);

/// <summary>
/// Greedy beside exact (administrators, <c>?exact=true</c>): each plan's persons served in their language, the exact solver's status
/// (<c>optimal</c> when proven within <paramref name="TimeLimitSeconds"/>, else <c>feasible</c> or <c>unknown</c>), its proven upper
/// bound, and each plan's gap (bound - persons) / bound, 0..1; <paramref name="Answered"/> is <c>exact</c> when proven optimal, else <c>greedy</c>.
/// </summary>
internal sealed record StaffingComparison(string Answered, long GreedyPersons, long ExactPersons, string ExactStatus, double UpperBound,
    double GreedyGap, double ExactGap, double TimeLimitSeconds, double ExactSeconds);
