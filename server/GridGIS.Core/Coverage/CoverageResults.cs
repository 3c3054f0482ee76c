namespace GridGIS.Core.Coverage;

/// <summary>The administrative levels results are aggregated to: grid (网格), community (社区), street (街道), district (区).</summary>
public enum CoverageLevel { Grid, Community, Street, District }

/// <summary>
/// Coverage of one category in one unit. Counts are households, residents and foreign residents in the
/// unit and of those the covered ones (nearest facility within the threshold, &lt;=). Accessibility is
/// the residents-weighted mean E2SFCA score of the unit's households (capacity per resident; null
/// when the unit has no residents). District results carry unit id 0.
/// </summary>
public sealed record UnitCoverage(
    CoverageLevel Level, int UnitId,
    long Households, long HouseholdsCovered,
    long Residents, long ResidentsCovered,
    long ForeignResidents, long ForeignCovered,
    double? Accessibility)
{
    /// <summary>Share of residents covered, 0..1; null for a unit without residents.</summary>
    public double? ShareCovered => Residents == 0 ? null : (double)ResidentsCovered / Residents;
}

/// <summary>
/// Load of one facility: households and residents within its service area (reached within the
/// threshold) against its capacity (persons). LoadRatio = residents / capacity; Overloaded when above 1;
/// both null when the capacity is unknown. SupplyRatio is the E2SFCA step-1 ratio R_j: capacity over
/// the distance-decayed residents that reach it (null without capacity).
/// </summary>
public sealed record FacilityLoad(
    int FacilityId, long Households, long Residents, int? Capacity, double? LoadRatio, bool? Overloaded, double? SupplyRatio);

/// <summary>
/// Everything the analysis computes for one category. <see cref="Covered"/> and
/// <see cref="HouseholdAccessibility"/> are per household, in the order given: personal data, kept in
/// memory for aggregation and gaps, never stored or served to analysts.
/// </summary>
public sealed record CategoryCoverage(
    string Category,
    IReadOnlyList<UnitCoverage> Units,
    IReadOnlyList<FacilityLoad> Loads,
    bool[] Covered,
    double[] HouseholdAccessibility);
